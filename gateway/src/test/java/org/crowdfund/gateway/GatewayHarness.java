package org.crowdfund.gateway;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.SharedContexts;
import org.crowdfund.testsupport.TestInfra;

import java.util.HashMap;
import java.util.Map;

/**
 * What the gateway's tests talk to: the real campaign-service, started once per test JVM from
 * its jar with a fresh database and a private event stream, and the gateway in-process in local
 * mode, pointed at it over real gRPC.
 */
final class GatewayHarness {
    static final String JWT_SECRET = "gateway-tests-" + TestInfra.shortId() + "-" + TestInfra.shortId() + "-secret";
    private static ServiceProcess campaignService;

    private GatewayHarness() {
    }

    static synchronized ServiceProcess campaignService() {
        if (campaignService == null) {
            ServiceProcess started = ServiceProcess.start("campaign-service", TestInfra.eventProperties(TestInfra.shortId()), Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "campaign-service-stop"));
            campaignService = started;
        }
        return campaignService;
    }

    /** The shared gateway, in local mode, talking to {@link #campaignService()}. */
    static Api api() {
        ApplicationContext context = SharedContexts.get("gateway", () -> start(properties(true)));
        return new Api(context);
    }

    /** Settings of a gateway pointed at the shared campaign-service; tests adjust them for their own instance. */
    static Map<String, Object> properties(boolean localMode) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("crowdfund.auth.local-mode", localMode);
        props.put("crowdfund.auth.jwt-secret", JWT_SECRET);
        props.put("crowdfund.grpc.targets.campaign", "127.0.0.1:" + campaignService().grpcPort());
        return props;
    }

    static ApplicationContext start(Map<String, Object> properties) {
        return ApplicationContext.run(EmbeddedServer.class, properties, "test").getApplicationContext();
    }
}
