package org.crowdfund.gateway;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.SharedContexts;
import org.crowdfund.testsupport.TestIdentities;
import org.crowdfund.testsupport.TestInfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * What the gateway's tests talk to: the real campaign-, reservation-, payment-, pledge- and
 * notification-service, each started once per test JVM from its jar (all at once) with a fresh
 * database, on one private event stream (so campaign-service's tier events create
 * reservation-service's inventory and pledge events reach the inbox), with payment-service's
 * Stripe being an emulator in this JVM; and the gateway in-process in local mode, pointed at them
 * over real gRPC. The emulator delivers its webhooks to that gateway. The shared gateway's port is
 * chosen before the services start, because payment-service sends it to the bank as the page to
 * come back to after 3-D Secure (PAYMENT_RETURN_URL) and notification-service links to it
 * (PUBLIC_BASE_URL).
 */
final class GatewayHarness {
    static final String JWT_SECRET = "gateway-tests-" + TestInfra.shortId() + "-" + TestInfra.shortId() + "-secret";
    static final String STRIPE_WEBHOOK_SECRET = "whsec_gateway_tests_" + TestInfra.shortId();
    static final Map<String, Object> EVENTS = TestInfra.eventProperties(TestInfra.shortId());
    /** The shared gateway's HTTP port ({@link #api()}); other gateways of a test JVM take any free port. */
    static final int GATEWAY_PORT = TestInfra.freePort();
    /** The page's origin as the browser tests open it (the bank must send the backer back to the same origin). */
    static final String PAGE = "http://localhost:" + GATEWAY_PORT;

    private static StripeEmulator stripe;
    private static Services services;

    private GatewayHarness() {
    }

    record Services(ServiceProcess campaign, ServiceProcess reservation, ServiceProcess payment, ServiceProcess pledge,
                    ServiceProcess notification) {
    }

    /** The services, started together the first time a test needs them. */
    static synchronized Services services() {
        if (services == null) {
            StripeEmulator emulator = stripe();
            CompletableFuture<ServiceProcess> campaign = startAsync("campaign-service", Map.of());
            // holds as short as 5 s (asked for with ttlSeconds), so a test can watch one lapse
            CompletableFuture<ServiceProcess> reservation = startAsync("reservation-service", Map.of("RESERVATION_MIN_TTL", "5s"));
            CompletableFuture<ServiceProcess> payment = startAsync("payment-service", Map.of(
                    "STRIPE_API_KEY", "sk_test_gateway_tests",
                    "STRIPE_API_BASE", emulator.baseUrl(),
                    "STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK_SECRET,
                    "STRIPE_RATE_LIMIT", "0",
                    "PAYMENT_RETURN_URL", PAGE + "/"));
            // no mail server: e-mails wait for one and retry; the tests read the in-app inbox
            CompletableFuture<ServiceProcess> notification = startAsync("notification-service", Map.of(
                    "PUBLIC_BASE_URL", PAGE, "SMTP_PORT", String.valueOf(TestInfra.freePort())));
            try {
                ServiceProcess campaignService = campaign.join();
                ServiceProcess reservationService = reservation.join();
                ServiceProcess paymentService = payment.join();
                // pledge-service calls the other three, so it starts once they listen
                ServiceProcess pledge = startAsync("pledge-service", Map.of(
                        "CAMPAIGN_GRPC", "127.0.0.1:" + campaignService.grpcPort(),
                        "RESERVATION_GRPC", "127.0.0.1:" + reservationService.grpcPort(),
                        "PAYMENT_GRPC", "127.0.0.1:" + paymentService.grpcPort(),
                        "PLEDGE_SETTLEMENT_INTERVAL", "200ms")).join();
                services = new Services(campaignService, reservationService, paymentService, pledge, notification.join());
            } catch (CompletionException e) {
                List.of(campaign, reservation, payment, notification).forEach(f -> f.thenAccept(ServiceProcess::stop));
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return services;
    }

    private static CompletableFuture<ServiceProcess> startAsync(String module, Map<String, String> env) {
        Supplier<ServiceProcess> start = () -> {
            ServiceProcess started = ServiceProcess.start(module, EVENTS, env);
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, module + "-stop"));
            return started;
        };
        return CompletableFuture.supplyAsync(start, task -> new Thread(task, module + "-start").start());
    }

    /** payment-service's Stripe: signs webhooks with {@link #STRIPE_WEBHOOK_SECRET}, no rate limit. */
    static synchronized StripeEmulator stripe() {
        if (stripe == null) {
            StripeEmulator started = StripeEmulator.builder().port(0).rateLimit(0).webhookSecret(STRIPE_WEBHOOK_SECRET)
                    .webhookRetryBackoff(Duration.ofMillis(200)).build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stripe-emulator-stop"));
            stripe = started;
        }
        return stripe;
    }

    /** The shared gateway, in local mode, talking to {@link #services()}. */
    static Api api() {
        ApplicationContext context = SharedContexts.get("gateway", () -> {
            Map<String, Object> props = properties(true);
            props.put("micronaut.server.port", GATEWAY_PORT);
            // services just started on a loaded shared machine answer their first calls slowly
            // (the seeding and the first creates met 504 at the default 3 s at load average 30)
            props.put("crowdfund.grpc.deadline", "20s");
            ApplicationContext started = start(props);
            stripe().webhooks().url(started.getBean(EmbeddedServer.class).getURI().resolve("/webhooks/stripe").toString());
            return started;
        });
        return new Api(context);
    }

    /** Settings of a gateway pointed at the shared services; tests adjust them for their own instance. */
    static Map<String, Object> properties(boolean localMode) {
        Services running = services();
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("endpoints.all.port", freePort());
        props.put("crowdfund.auth.local-mode", localMode);
        props.put("crowdfund.auth.jwt-secret", JWT_SECRET);
        props.put("crowdfund.identity.private-key", TestIdentities.key("gateway").toJSONString());
        props.put("crowdfund.grpc.targets.campaign", "127.0.0.1:" + running.campaign().grpcPort());
        props.put("crowdfund.grpc.targets.reservation", "127.0.0.1:" + running.reservation().grpcPort());
        props.put("crowdfund.grpc.targets.payment", "127.0.0.1:" + running.payment().grpcPort());
        props.put("crowdfund.grpc.targets.pledge", "127.0.0.1:" + running.pledge().grpcPort());
        props.put("crowdfund.grpc.targets.notification", "127.0.0.1:" + running.notification().grpcPort());
        // the services' private stream: live pages follow it
        props.putAll(EVENTS);
        return props;
    }

    /** A port for a gateway's management endpoints; each gateway of a test JVM gets its own. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApplicationContext start(Map<String, Object> properties) {
        return ApplicationContext.run(EmbeddedServer.class, properties, "test").getApplicationContext();
    }
}
