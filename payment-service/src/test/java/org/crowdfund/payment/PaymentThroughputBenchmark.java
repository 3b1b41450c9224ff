package org.crowdfund.payment;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.stripe.emulator.TestCard;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorize-and-capture pairs per second through payment-service (real gRPC, PostgreSQL, NATS,
 * stripe-java over HTTP) against the emulator: with the client-side limiter off, and at 80
 * requests/s against an account limit of 100/s (Stripe's live limit). Not part of the normal run:
 * <pre>mvn -B -pl payment-service test -Dtest=PaymentThroughputBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Results are logged (target/surefire-reports/...-output.txt) and recorded in docs/benchmarks.md.
 */
@Tag("benchmark")
class PaymentThroughputBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentThroughputBenchmark.class);
    private static final int WORKERS = Integer.getInteger("bench.workers", 16);
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));

    @Test
    void authorizeAndCaptureWithTheLimiterOff() throws Exception {
        Result result = measure("limiter off", "0", 0);
        assertThat(result.failures()).isZero();
    }

    @Test
    void authorizeAndCaptureAtEightyRequestsPerSecond() throws Exception {
        Result result = measure("limiter at 80/s", "80", 100);
        assertThat(result.failures()).isZero();
        assertThat(result.throttled()).as("no 429 from an account allowing 100/s").isZero();
        assertThat(result.requestsPerSecond()).as("never above the limit").isLessThanOrEqualTo(80.5);
    }

    record Result(double pairsPerSecond, double requestsPerSecond, long p50Millis, long p99Millis, long failures,
                  double throttled) {
    }

    private Result measure(String label, String rateLimit, int accountLimit) throws Exception {
        try (StripeEmulator stripe = StripeEmulator.builder().port(0).rateLimit(accountLimit).build().start()) {
            Map<String, Object> props = new HashMap<>(TestInfra.serviceProperties("payment_bench"));
            props.putAll(PaymentServiceHarness.stripeProperties(stripe.baseUrl()));
            props.put("crowdfund.stripe.rate-limit", rateLimit);
            props.put("crowdfund.stripe.rate-limit-max-wait", "10s");
            props.put("datasources.default.maximum-pool-size", 20);
            try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, props, "test").getApplicationContext()) {
                ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1",
                        context.getBean(GrpcEmbeddedServer.class).getPort()).usePlaintext().build();
                try {
                    var payments = Calls.as(PaymentServiceGrpc.newBlockingStub(channel), PaymentApi.PLEDGE_SERVICE,
                            Duration.ofMinutes(5));
                    List<Payment> cards = new ArrayList<>();
                    for (int i = 0; i < WORKERS; i++) {
                        String backer = "bench-" + UUID.randomUUID();
                        cards.add(payments.savePaymentMethod(SavePaymentMethodRequest.newBuilder()
                                .setIdempotencyKey(backer + ":save").setBackerId(backer)
                                .setPaymentMethod(TestCard.VISA.token()).build()).getPayment());
                    }
                    run(channel, cards, WARM_UP);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    double throttledBefore = meters.counter("stripe.throttled").count();
                    int movementsBefore = stripe.ledger().movements().size();
                    long started = System.nanoTime();
                    List<Long> latencies = run(channel, cards, RUN);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    long pairs = latencies.stream().filter(l -> l >= 0).count();
                    long failures = latencies.size() - pairs;
                    long moved = stripe.ledger().movements().subList(movementsBefore, stripe.ledger().movements().size())
                            .stream().filter(m -> m.type() == Type.AUTHORIZED || m.type() == Type.CAPTURED).count();
                    List<Long> sorted = new ArrayList<>(latencies.stream().filter(l -> l >= 0).toList());
                    Collections.sort(sorted);
                    Result result = new Result(pairs / seconds, moved / seconds, percentile(sorted, 0.50),
                            percentile(sorted, 0.99), failures, meters.counter("stripe.throttled").count() - throttledBefore);
                    LOG.info("BENCHMARK {}: {} workers, {} s: {} authorize+capture pairs/s, {} Stripe requests/s, "
                                    + "pair latency p50 {} ms p99 {} ms, {} failures, {} 429 answers", label, WORKERS,
                            String.format("%.1f", seconds), String.format("%.1f", result.pairsPerSecond()),
                            String.format("%.1f", result.requestsPerSecond()), result.p50Millis(), result.p99Millis(),
                            failures, result.throttled());
                    return result;
                } finally {
                    channel.shutdownNow();
                }
            }
        }
    }

    /** Each worker authorizes and captures in a loop until the time is up; returns each pair's latency (-1 failed). */
    private static List<Long> run(ManagedChannel channel, List<Payment> cards, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(cards.size());
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            List<Future<List<Long>>> workers = new ArrayList<>();
            for (Payment card : cards) {
                workers.add(pool.submit(() -> {
                    var payments = Calls.as(PaymentServiceGrpc.newBlockingStub(channel), PaymentApi.PLEDGE_SERVICE,
                            Duration.ofMinutes(5));
                    List<Long> latencies = new ArrayList<>();
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        String pledge = "bench-" + UUID.randomUUID();
                        try {
                            Payment hold = payments.authorize(AuthorizeRequest.newBuilder().setIdempotencyKey(pledge + ":authorize")
                                    .setReference(pledge).setCustomerId(card.getCustomerId())
                                    .setPaymentMethodId(card.getPaymentMethodId()).setAmountMinor(2_500).setCurrency("USD")
                                    .setOffSession(true).build()).getPayment();
                            payments.capture(CaptureRequest.newBuilder().setIdempotencyKey(pledge + ":capture")
                                    .setPaymentId(hold.getPaymentId()).build());
                            latencies.add((System.nanoTime() - start) / 1_000_000);
                        } catch (RuntimeException e) {
                            LOG.warn("pair failed: {}", e.getMessage());
                            latencies.add(-1L);
                        }
                    }
                    return latencies;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> worker : workers) {
                all.addAll(worker.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }
}
