package org.crowdfund.pledge;

import io.grpc.StatusRuntimeException;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.pledge.v1.CreatePledgeRequest;
import org.crowdfund.proto.pledge.v1.Pledge;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.proto.pledge.v1.Settlement;
import org.crowdfund.proto.pledge.v1.StatusCount;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.testsupport.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * pledge-service as its own JVM (the jar just built), killed with SIGKILL while backers pledge and
 * again while it settles, then restarted: every pledge ends consistent (counted exactly when it is
 * pending, held once), and settlement completes with every hold captured exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PledgeServiceCrashIT {
    private static final int BACKERS = 30;
    private static final long AMOUNT = 1_000;

    private ServiceProcess pledgeService;
    private PledgeApi api;

    @BeforeAll
    void start() {
        PledgeHarness.Services services = PledgeHarness.services();
        pledgeService = ServiceProcess.start("pledge-service", PledgeHarness.EVENTS, Map.ofEntries(
                Map.entry("CAMPAIGN_GRPC", "127.0.0.1:" + services.campaign().grpcPort()),
                Map.entry("RESERVATION_GRPC", "127.0.0.1:" + services.reservation().grpcPort()),
                Map.entry("PAYMENT_GRPC", "127.0.0.1:" + services.payment().grpcPort()),
                Map.entry("PLEDGE_JOB_INTERVAL", "300ms"),
                Map.entry("PLEDGE_SETTLEMENT_INTERVAL", "200ms"),
                Map.entry("PLEDGE_SAGA_STALE_AFTER", "2s"),
                Map.entry("PLEDGE_SAGA_LEASE", "5s"),
                Map.entry("PLEDGE_SETTLEMENT_BATCH", "4"),
                Map.entry("PLEDGE_SETTLEMENT_PARALLELISM", "2"),
                Map.entry("PLEDGE_SETTLEMENT_LEASE", "5s")));
        api = new PledgeApi(pledgeService.grpcPort());
    }

    @AfterAll
    void stop() {
        PledgeHarness.stripe().faults().clear();
        if (pledgeService != null) {
            pledgeService.stop();
        }
    }

    @Test
    void killedWhilePledgingAndWhileSettlingItRecoversToOneHoldAndOneCapturePerPledge() throws Exception {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, BACKERS * AMOUNT,
                Duration.ofDays(3), 24);
        PledgeHarness.stripe().faults().latency(Duration.ofMillis(40));
        Map<Principal, CreatePledgeRequest> requests = new ConcurrentHashMap<>();
        for (int i = 0; i < BACKERS; i++) {
            requests.put(PledgeApi.backer(), api.request(campaign.id(), null, AMOUNT, "pm_card_visa").build());
        }
        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        requests.forEach((backer, request) -> pool.submit(() -> {
            try {
                api.pledge(backer, request);
                answered.incrementAndGet();
            } catch (StatusRuntimeException killed) {
                // the process died under this call; the backer retries below with the same key
            }
        }));
        await().atMost(PledgeHarness.await()).until(() -> answered.get() >= 8);
        pledgeService.kill();
        pool.shutdown();
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        pledgeService.resume();

        List<Pledge> pledges = new ArrayList<>();
        for (var entry : requests.entrySet()) {
            Pledge[] answer = new Pledge[1];
            await().atMost(PledgeHarness.await()).ignoreExceptions().untilAsserted(() -> {
                answer[0] = api.pledge(entry.getKey(), entry.getValue());
                assertThat(answer[0].getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PENDING);
            });
            pledges.add(answer[0]);
        }
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isEqualTo(BACKERS * AMOUNT);
        for (Pledge p : pledges) {
            assertThat(api.count(p.getId(), Type.AUTHORIZED) - api.count(p.getId(), Type.VOIDED)).as("one live hold").isEqualTo(1);
        }

        api.end(campaign.id());
        await().atMost(PledgeHarness.await()).ignoreExceptions().until(() -> captured(api.settlement(campaign.id())) >= 6);
        pledgeService.kill();
        long killedAt = System.nanoTime();
        pledgeService.resume();
        await().atMost(PledgeHarness.await()).ignoreExceptions().until(() -> captured(api.settlement(campaign.id())) > 6
                || "settled".equals(api.settlement(campaign.id()).getPhase()));
        System.out.printf("settlement resumed %d ms after the kill%n", (System.nanoTime() - killedAt) / 1_000_000);
        Settlement settled = api.awaitSettled(campaign.id(), CampaignStatus.CAMPAIGN_STATUS_FUNDED);

        assertThat(settled.getCapturedMinor()).isEqualTo(BACKERS * AMOUNT);
        for (Pledge p : pledges) {
            assertThat(api.count(p.getId(), Type.CAPTURED)).as("captured exactly once").isEqualTo(1);
            assertThat(api.count(p.getId(), Type.CHARGED)).isZero();
        }
    }

    private static long captured(Settlement s) {
        return s.getCountsList().stream().filter(c -> c.getStatus() == PledgeStatus.PLEDGE_STATUS_CAPTURED)
                .mapToLong(StatusCount::getCount).sum();
    }
}
