package org.crowdfund.gateway;

import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end pledges per second through the gateway: each backer a new signed-in user POSTing
 * {@code /api/v1/pledges} (Idempotency-Key, {@code pm_card_visa}, no reward) to one launched
 * campaign, against the real campaign-, payment-, reservation-, pledge- and notification-service
 * and the Stripe emulator (no provider rate limit, so the limit is above any offered load).
 * {@code bench.backers} concurrent backers (default 8,32,128), each run {@code bench.seconds}
 * long after a warm-up. Logs throughput, p50/p99, refusals and the load average
 * (target/benchmarks/gateway-pledges.txt); asserts only that the campaign's total equals the
 * accepted pledges. Run on request:
 * <pre>mvn -B -pl gateway -am test -Dgroups=benchmark -DexcludedGroups= -Dtest=GatewayPledgeBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("benchmark")
class GatewayPledgeBenchmark {
    private static final long AMOUNT = 2_000;

    @Test
    void pledgesPerSecondThroughTheGateway() throws Exception {
        Api api = GatewayHarness.api();
        int seconds = Integer.getInteger("bench.seconds", 20);
        int warmup = Integer.getInteger("bench.warmup", 5);
        StringBuilder report = new StringBuilder();
        for (String n : System.getProperty("bench.backers", "8,32,128").split(",")) {
            int backers = Integer.parseInt(n.trim());
            String campaign = Fixtures.active(api, api.token(Fixtures.newSubject("creator"), "creator"));
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < backers; i++) {
                tokens.add(api.token(Fixtures.newSubject("backer"), "backer"));
            }
            Result warm = run(api, campaign, tokens, warmup);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Result r = run(api, campaign, tokens, seconds);
            long expected = (warm.accepted() + r.accepted()) * AMOUNT;
            // a pending pledge is counted by RecordPledge inside the saga; wait for the last ones to land
            await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/campaigns/" + campaign).number("pledgedMinor") >= expected);
            assertThat(api.get("/api/v1/campaigns/" + campaign).number("pledgedMinor"))
                    .as("the campaign's total counts every accepted pledge once").isEqualTo(expected);
            String line = String.format("BENCH gateway pledges: %d backers, %d s: %.1f pledges/s, p50 %d ms, p99 %d ms, "
                            + "%d accepted, %d refused, load average %.1f at start%n", backers, seconds, r.accepted() / (double) seconds,
                    r.percentile(50), r.percentile(99), r.accepted(), r.refused(), load);
            System.out.print(line);
            report.append(line);
        }
        Path out = Path.of("target", "benchmarks", "gateway-pledges.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report + "run " + TestInfra.shortId() + "\n");
    }

    private static Result run(Api api, String campaign, List<String> tokens, int seconds) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(tokens.size());
        List<Future<?>> workers = new ArrayList<>();
        for (String token : tokens) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < until) {
                    long start = System.nanoTime();
                    Api.Response created = api.post("/api/v1/pledges", token, "{\"campaignId\":\"" + campaign
                                    + "\",\"tierId\":null,\"amountMinor\":" + AMOUNT + ",\"currency\":\"USD\","
                                    + "\"paymentMethodId\":\"pm_card_visa\",\"country\":\"DE\"}",
                            "Idempotency-Key", TestInfra.shortId() + TestInfra.shortId());
                    if (created.status() == 201) {
                        accepted.incrementAndGet();
                        latencies.add((System.nanoTime() - start) / 1_000_000);
                    } else {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        return new Result(accepted.get(), refused.get(), latencies);
    }

    private record Result(int accepted, int refused, List<Long> latencies) {
        long percentile(int p) {
            List<Long> sorted = latencies.stream().sorted().toList();
            if (sorted.isEmpty()) {
                return -1;
            }
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
        }
    }
}
