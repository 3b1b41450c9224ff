package org.crowdfund.pledge;

import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.Campaign;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.events.v1.CampaignMilestoneReached;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.pledge.v1.Pledge;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.testsupport.StreamReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Many backers pledging at once on one campaign: exact totals, each milestone once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentPledgesTest {
    private static final int BACKERS = 500;
    private static final long AMOUNT = 1_000;

    private PledgeApi api;

    @BeforeAll
    void start() {
        api = new PledgeApi(PledgeHarness.pledgeService());
    }

    @Test
    void concurrentPledgesAddUpExactlyAndFireEachMilestoneOnce() throws Exception {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, BACKERS * AMOUNT,
                Duration.ofDays(30), 48);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Pledge>> results = new ArrayList<>();
        for (int i = 0; i < BACKERS; i++) {
            Principal backer = PledgeApi.backer();
            results.add(pool.submit(() -> api.pledge(backer, api.request(campaign.id(), null, AMOUNT, "pm_card_visa").build())));
        }
        for (Future<Pledge> f : results) {
            assertThat(f.get().getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PENDING);
        }
        pool.shutdown();

        Campaign after = api.campaign(campaign.id());
        assertThat(after.getPledgedMinor()).isEqualTo(BACKERS * AMOUNT);
        assertThat(after.getBackerCount()).isEqualTo(BACKERS);
        assertThat(after.getMilestonesReachedList()).containsExactly(25, 50, 75, 100);
        await().atMost(PledgeHarness.await()).untilAsserted(() -> assertThat(milestones(campaign.id()))
                .containsExactlyInAnyOrder(25, 50, 75, 100));
    }

    private static List<Integer> milestones(String campaignId) {
        String subject = PledgeHarness.EVENTS.get("crowdfund.events.subject-prefix") + ".campaign.milestone_reached";
        return StreamReader.all(String.valueOf(PledgeHarness.EVENTS.get("crowdfund.events.nats-url")),
                        String.valueOf(PledgeHarness.EVENTS.get("crowdfund.events.stream"))).stream()
                .filter(m -> m.getSubject().equals(subject))
                .map(m -> {
                    try {
                        return EventEnvelope.parseFrom(m.getData()).getData().unpack(CampaignMilestoneReached.class);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(e -> e.getCampaignId().equals(campaignId))
                .map(CampaignMilestoneReached::getPercent).toList();
    }
}
