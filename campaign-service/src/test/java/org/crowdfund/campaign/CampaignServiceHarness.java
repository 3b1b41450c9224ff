package org.crowdfund.campaign;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.crowdfund.testsupport.SharedContexts;
import org.crowdfund.testsupport.TestInfra;

import java.util.Map;

/** The campaign-service every test class of this module talks to over a real gRPC channel. */
final class CampaignServiceHarness {
    private static ManagedChannel channel;

    private CampaignServiceHarness() {
    }

    static synchronized ApplicationContext context() {
        return SharedContexts.get("campaign-service", () -> {
            Map<String, Object> props = TestInfra.serviceProperties("campaign");
            props.put("crowdfund.deadlines.interval", "200ms");
            return ApplicationContext.run(EmbeddedServer.class, props, "test").getApplicationContext();
        });
    }

    static synchronized ManagedChannel channel() {
        if (channel == null) {
            int port = context().getBean(GrpcEmbeddedServer.class).getPort();
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }
        return channel;
    }
}
