package org.crowdfund.pledge;

import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.crowdfund.platform.time.AdjustableClock;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.SharedContexts;
import org.crowdfund.testsupport.TestInfra;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * What pledge-service's tests run against: the real campaign-, reservation- and payment-service,
 * each started once per test JVM from its jar, on one private event stream, with payment-service's
 * Stripe being an emulator in this JVM (its ledger shows every movement of money); and
 * pledge-service in-process (so tests move its clock), with its jobs on short intervals.
 */
public final class PledgeHarness {
    public static final String STRIPE_KEY = "sk_test_pledge_tests";
    public static final Map<String, Object> EVENTS = TestInfra.eventProperties(TestInfra.shortId());

    private static StripeEmulator stripe;
    private static Services services;

    private PledgeHarness() {
    }

    public record Services(ServiceProcess campaign, ServiceProcess reservation, ServiceProcess payment) {
    }

    public static synchronized Services services() {
        if (services == null) {
            StripeEmulator emulator = stripe();
            CompletableFuture<ServiceProcess> campaign = startAsync("campaign-service", Map.of());
            CompletableFuture<ServiceProcess> reservation = startAsync("reservation-service", Map.of());
            CompletableFuture<ServiceProcess> payment = startAsync("payment-service", Map.of(
                    "STRIPE_API_KEY", STRIPE_KEY,
                    "STRIPE_API_BASE", emulator.baseUrl(),
                    "STRIPE_WEBHOOK_SECRET", "whsec_pledge_tests",
                    "STRIPE_RATE_LIMIT", "0"));
            try {
                services = new Services(campaign.join(), reservation.join(), payment.join());
            } catch (CompletionException e) {
                List.of(campaign, reservation, payment).forEach(f -> f.thenAccept(ServiceProcess::stop));
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

    public static synchronized StripeEmulator stripe() {
        if (stripe == null) {
            StripeEmulator started = StripeEmulator.builder().port(0).rateLimit(0).build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stripe-emulator-stop"));
            stripe = started;
        }
        return stripe;
    }

    /** The shared pledge-service, in-process. */
    public static ApplicationContext pledgeService() {
        return SharedContexts.get("pledge-service", () -> start(properties()));
    }

    public static ApplicationContext start(Map<String, Object> properties) {
        return ApplicationContext.run(EmbeddedServer.class, properties, "test").getApplicationContext();
    }

    /** Settings of a pledge-service pointed at the shared services, with a fresh database. */
    public static Map<String, Object> properties() {
        Services running = services();
        Map<String, Object> props = new HashMap<>(TestInfra.serviceProperties("pledge"));
        props.putAll(EVENTS);
        props.put("crowdfund.pledges.targets.campaign", "127.0.0.1:" + running.campaign().grpcPort());
        props.put("crowdfund.pledges.targets.reservation", "127.0.0.1:" + running.reservation().grpcPort());
        props.put("crowdfund.pledges.targets.payment", "127.0.0.1:" + running.payment().grpcPort());
        props.put("crowdfund.pledges.job-interval", "300ms");
        props.put("crowdfund.pledges.settlement-interval", "200ms");
        props.put("crowdfund.pledges.saga-stale-after", "2s");
        props.put("crowdfund.pledges.saga-lease", "10s");
        props.put("crowdfund.pledges.settlement-batch", "20");
        return props;
    }

    public static int grpcPort(ApplicationContext context) {
        return context.getBean(GrpcEmbeddedServer.class).getPort();
    }

    public static AdjustableClock clock(ApplicationContext context) {
        return (AdjustableClock) context.getBean(Clock.class);
    }

    public static Duration await() {
        return Duration.ofSeconds(60);
    }
}
