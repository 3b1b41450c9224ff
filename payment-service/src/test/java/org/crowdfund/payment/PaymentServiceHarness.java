package org.crowdfund.payment;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.testsupport.SharedContexts;
import org.crowdfund.testsupport.TestInfra;

import java.time.Duration;
import java.util.Map;

/**
 * The payment-service every test class of this module talks to over a real gRPC channel, with
 * stripe-java talking HTTP to a Stripe emulator in this JVM, whose webhooks reach the service
 * through a stand-in for the gateway's ingress.
 */
final class PaymentServiceHarness {
    static final String API_KEY = "sk_test_payment_service_tests";
    static final String WEBHOOK_SECRET = "whsec_payment_service_tests";
    /** The gateway page the bank sends the backer back to (PAYMENT_RETURN_URL). */
    static final String RETURN_URL = "http://127.0.0.1:8080/?from=payment-tests";

    private static StripeEmulator emulator;
    private static ManagedChannel channel;
    private static WebhookIngress ingress;

    private PaymentServiceHarness() {
    }

    /** Started once per test JVM; the account's own rate limit is off unless a test switches it on. */
    static synchronized StripeEmulator stripe() {
        if (emulator == null) {
            emulator = StripeEmulator.builder().port(0).rateLimit(0).webhookSecret(WEBHOOK_SECRET)
                    .webhookRetryBackoff(Duration.ofMillis(100)).build().start();
            StripeEmulator started = emulator;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stripe-emulator-stop"));
        }
        return emulator;
    }

    static synchronized ApplicationContext context() {
        return SharedContexts.get("payment-service", () -> {
            Map<String, Object> props = TestInfra.serviceProperties("payment");
            props.putAll(stripeProperties(stripe().baseUrl()));
            ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, props, "test").getApplicationContext();
            ingress = WebhookIngress.start(ManagedChannelBuilder.forAddress("127.0.0.1",
                    context.getBean(GrpcEmbeddedServer.class).getPort()).usePlaintext().build());
            stripe().webhooks().url(ingress.url());
            return context;
        });
    }

    /** Settings the tests share: fast recovery, a short outage cool-down, a limiter that rarely binds. */
    static Map<String, Object> stripeProperties(String apiBase) {
        return Map.of(
                "crowdfund.stripe.api-key", API_KEY,
                "crowdfund.stripe.api-base", apiBase,
                "crowdfund.stripe.webhook-secret", WEBHOOK_SECRET,
                "crowdfund.stripe.rate-limit", "200",
                "crowdfund.stripe.rate-limit-max-wait", "2s",
                "crowdfund.stripe.outage-cooldown", "1s",
                "crowdfund.payments.recovery.stale-after", "2s",
                "crowdfund.payments.recovery.interval", "300ms",
                "crowdfund.payments.return-url", RETURN_URL);
    }

    static synchronized ManagedChannel channel() {
        if (channel == null) {
            int port = context().getBean(GrpcEmbeddedServer.class).getPort();
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }
        return channel;
    }

    /** Runs with webhook delivery off, so only the service's own calls (and recovery) change payments. */
    static void withoutWebhooks(Runnable body) {
        String url = ingress().url();
        stripe().webhooks().url(null);
        try {
            body.run();
        } finally {
            stripe().webhooks().url(url);
        }
    }

    /** A plain JDBC connection to the service's database, for tests that read its outbox or operations. */
    static java.sql.Connection database() throws java.sql.SQLException {
        ApplicationContext context = context();
        return java.sql.DriverManager.getConnection(context.getRequiredProperty("datasources.default.url", String.class),
                context.getProperty("datasources.default.username", String.class).orElse("postgres"),
                context.getProperty("datasources.default.password", String.class).orElse(""));
    }

    static synchronized WebhookIngress ingress() {
        context();
        return ingress;
    }
}
