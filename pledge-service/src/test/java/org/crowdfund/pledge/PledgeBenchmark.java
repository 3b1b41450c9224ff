package org.crowdfund.pledge;

import io.micronaut.context.ApplicationContext;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.proto.pledge.v1.Settlement;
import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: figures for docs/benchmarks.md. Run with
 * {@code mvn -B -o -pl pledge-service -am test -Dtest=PledgeBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the lines starting with "BENCH" in the test output.
 * <ol>
 *   <li>pledges per second through pledge-service's gRPC API (save card + on-session hold + convert-less
 *   record + PledgeCreated) at 8, 32 and 128 concurrent backers, with p50/p99;</li>
 *   <li>settlement of {@code SETTLE_PLEDGES} pledges against a payment-service limited to 100 requests/s:
 *   payments per second as a fraction of that limit. One pledge is made through the saga (30-day
 *   campaign: card saved, no hold) and its row copied {@code SETTLE_PLEDGES - 1} times in
 *   pledge-service's database (same saved card, new ids and ledger entries), because making 10,000
 *   through the saga takes half an hour on the shared machine; settlement then charges each off
 *   session ({@code :settle-charge}), one payment-service call per pledge, and reports the drift
 *   against campaign-service's counter (which counted only the one real pledge).</li>
 * </ol>
 */
@Tag("benchmark")
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PledgeBenchmark {
    private static final int SETTLE_PLEDGES = Integer.getInteger("bench.settlePledges", 10_000);

    // after the settlement run: that one starts its own pledge-service, and two on one stream would share CampaignEnded
    @Test
    @org.junit.jupiter.api.Order(2)
    void pledgesPerSecondAtEightThirtyTwoAndOneHundredTwentyEightBackers() throws Exception {
        PledgeApi api = new PledgeApi(PledgeHarness.pledgeService());
        for (int concurrency : new int[] {8, 32, 128}) {
            var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 1_000_000_000,
                    Duration.ofDays(3), 24);
            int pledges = concurrency * 8;
            Result r = run(api, campaign.id(), concurrency, pledges);
            System.out.printf("BENCH pledges concurrency=%d n=%d rate=%.1f/s p50=%dms p99=%dms load=%s%n", concurrency, pledges,
                    r.rate(), r.p50(), r.p99(), java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void settlementCapturesWithinAHundredRequestsPerSecondProviderLimit() throws Exception {
        try (ServiceProcess limitedPayments = ServiceProcess.start("payment-service", PledgeHarness.EVENTS, Map.of(
                "STRIPE_API_KEY", PledgeHarness.STRIPE_KEY, "STRIPE_API_BASE", PledgeHarness.stripe().baseUrl(),
                "STRIPE_WEBHOOK_SECRET", "whsec_pledge_tests", "STRIPE_RATE_LIMIT", "100"))) {
            Map<String, Object> props = PledgeHarness.properties();
            props.put("crowdfund.pledges.targets.payment", "127.0.0.1:" + limitedPayments.grpcPort());
            props.put("crowdfund.pledges.settlement-batch", "200");
            props.put("crowdfund.pledges.settlement-parallelism", "16");
            // the pool the figures in docs/benchmarks.md were measured with
            props.put("datasources.default.maximum-pool-size", 10);
            ApplicationContext context = PledgeHarness.start(props);
            try {
                PledgeApi api = new PledgeApi(context);
                var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 1_000,
                        Duration.ofDays(30), 48);
                Principal backer = PledgeApi.backer();
                String original = api.pledge(backer, api.request(campaign.id(), null, 1_000, "pm_card_visa").build()).getId();
                copy(context, original, SETTLE_PLEDGES - 1);
                long started = System.nanoTime();
                api.end(campaign.id());
                org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions().until(() -> "settled".equals(api.settlement(campaign.id()).getPhase()));
                Settlement settled = api.settlement(campaign.id());
                double seconds = (System.nanoTime() - started) / 1e9;
                long captured = settled.getCountsList().stream().filter(c -> c.getStatus() == PledgeStatus.PLEDGE_STATUS_CAPTURED)
                        .mapToLong(c -> c.getCount()).sum();
                System.out.printf("BENCH settlement pledges=%d captured=%d seconds=%.1f payments/s=%.1f (%.0f%% of 100/s) "
                        + "service-rate=%.1f/s drift=%d load=%s%n", SETTLE_PLEDGES, captured, seconds, captured / seconds,
                        captured / seconds, settled.getRatePerSecond(), settled.getDriftMinor(),
                        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
                assertThat(captured).isEqualTo(SETTLE_PLEDGES);
            } finally {
                context.close();
            }
        }
    }

    private record Result(double rate, long p50, long p99) {
    }

    /** Copies one pledge's row {@code copies} times (new id, backer, key and ledger entry; same campaign and saved card). */
    private static void copy(ApplicationContext context, String pledgeId, int copies) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                context.getRequiredProperty("datasources.default.url", String.class),
                context.getRequiredProperty("datasources.default.username", String.class),
                context.getProperty("datasources.default.password", String.class).orElse(""))) {
            List<String> columns = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT column_name FROM information_schema.columns "
                    + "WHERE table_name = 'pledge' ORDER BY ordinal_position")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            List<String> values = columns.stream().map(col -> switch (col) {
                case "id", "ledger_entry_id" -> "gen_random_uuid()";
                case "backer_id", "idempotency_key" -> "'bench-' || g";
                default -> "p." + col;
            }).toList();
            try (var insert = c.prepareStatement("INSERT INTO pledge (" + String.join(", ", columns) + ") SELECT "
                    + String.join(", ", values) + " FROM pledge p, generate_series(1, ?) g WHERE p.id = ?::uuid")) {
                insert.setInt(1, copies);
                insert.setString(2, pledgeId);
                assertThat(insert.executeUpdate()).isEqualTo(copies);
            }
        }
    }

    private static Result run(PledgeApi api, String campaignId, int concurrency, int pledges) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Long>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < pledges; i++) {
            Principal backer = PledgeApi.backer();
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                api.pledge(backer, api.request(campaignId, null, 1_000, "pm_card_visa").setIdempotencyKey(TestInfra.shortId()).build());
                return (System.nanoTime() - t0) / 1_000_000;
            }));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<Long> f : futures) {
            latencies.add(f.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        Collections.sort(latencies);
        return new Result(pledges / seconds, latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.99)));
    }
}
