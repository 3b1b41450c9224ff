package org.crowdfund.pledge;

import io.micronaut.context.ApplicationContext;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
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
 *   captures per second as a fraction of that limit.</li>
 * </ol>
 */
@Tag("benchmark")
class PledgeBenchmark {
    private static final int SETTLE_PLEDGES = Integer.getInteger("bench.settlePledges", 2_000);

    @Test
    void pledgesPerSecondAtEightThirtyTwoAndOneHundredTwentyEightBackers() throws Exception {
        PledgeApi api = new PledgeApi(PledgeHarness.pledgeService());
        for (int concurrency : new int[] {8, 32, 128}) {
            var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 1_000_000_000,
                    Duration.ofDays(3), 24);
            int pledges = concurrency * 8;
            Result r = run(api, campaign.id(), concurrency, pledges);
            System.out.printf("BENCH pledges concurrency=%d n=%d rate=%.1f/s p50=%dms p99=%dms%n", concurrency, pledges,
                    r.rate(), r.p50(), r.p99());
        }
    }

    @Test
    void settlementCapturesWithinAHundredRequestsPerSecondProviderLimit() throws Exception {
        try (ServiceProcess limitedPayments = ServiceProcess.start("payment-service", PledgeHarness.EVENTS, Map.of(
                "STRIPE_API_KEY", PledgeHarness.STRIPE_KEY, "STRIPE_API_BASE", PledgeHarness.stripe().baseUrl(),
                "STRIPE_WEBHOOK_SECRET", "whsec_pledge_tests", "STRIPE_RATE_LIMIT", "100"))) {
            Map<String, Object> props = PledgeHarness.properties();
            props.put("crowdfund.pledges.targets.payment", "127.0.0.1:" + limitedPayments.grpcPort());
            props.put("crowdfund.pledges.settlement-batch", "200");
            props.put("crowdfund.pledges.settlement-parallelism", "16");
            ApplicationContext context = PledgeHarness.start(props);
            try {
                PledgeApi api = new PledgeApi(context);
                var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 1_000,
                        Duration.ofDays(3), 24);
                run(api, campaign.id(), 32, SETTLE_PLEDGES);
                long started = System.nanoTime();
                api.end(campaign.id());
                Settlement settled = api.awaitSettled(campaign.id(), CampaignStatus.CAMPAIGN_STATUS_FUNDED);
                double seconds = (System.nanoTime() - started) / 1e9;
                long captured = settled.getCountsList().stream().filter(c -> c.getStatus() == PledgeStatus.PLEDGE_STATUS_CAPTURED)
                        .mapToLong(c -> c.getCount()).sum();
                System.out.printf("BENCH settlement pledges=%d captured=%d seconds=%.1f captures/s=%.1f (%.0f%% of 100/s) "
                        + "service-rate=%.1f/s%n", SETTLE_PLEDGES, captured, seconds, captured / seconds, captured / seconds,
                        settled.getRatePerSecond());
                assertThat(captured).isEqualTo(SETTLE_PLEDGES);
            } finally {
                context.close();
            }
        }
    }

    private record Result(double rate, long p50, long p99) {
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
