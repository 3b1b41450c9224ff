package org.crowdfund.pledge;

import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.pledge.v1.Pledge;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.proto.pledge.v1.Settlement;
import org.crowdfund.proto.pledge.v1.StatusCount;
import org.crowdfund.proto.pledge.v1.UpdatePaymentMethodRequest;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Settlement at the deadline (ended now through campaign-service's EndCampaign, the deadline job's path). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementTest {
    private PledgeApi api;

    @BeforeAll
    void start() {
        api = new PledgeApi(PledgeHarness.pledgeService());
    }

    private record Backed(Principal backer, Pledge pledge) {
    }

    private List<Backed> pledge(PledgeApi.Tiered campaign, String card, long... amounts) {
        List<Backed> pledges = new ArrayList<>();
        for (long amount : amounts) {
            Principal backer = PledgeApi.backer();
            pledges.add(new Backed(backer, api.pledge(backer, api.request(campaign.id(), null, amount, card).build())));
        }
        return pledges;
    }

    private static Map<PledgeStatus, Long> counts(Settlement s) {
        return s.getCountsList().stream().collect(Collectors.toMap(StatusCount::getStatus, StatusCount::getCount));
    }

    @Test
    void allOrNothingThatMetItsGoalCapturesEveryHoldExactlyOnceAndIsFunded() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 10_000, Duration.ofDays(3), 24);
        List<Backed> pledges = pledge(campaign, "pm_card_visa", 4_000, 4_000, 3_000);

        api.end(campaign.id());
        Settlement settled = api.awaitSettled(campaign.id(), CampaignStatus.CAMPAIGN_STATUS_FUNDED);

        assertThat(settled.getOutcome()).isEqualTo("funded");
        assertThat(settled.getPledgedMinor()).isEqualTo(11_000);
        assertThat(settled.getCapturedMinor()).isEqualTo(11_000);
        assertThat(settled.getDriftMinor()).isZero();
        assertThat(counts(settled)).containsEntry(PledgeStatus.PLEDGE_STATUS_CAPTURED, 3L);
        for (Backed b : pledges) {
            assertThat(api.get(b.backer(), b.pledge().getId()).getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_CAPTURED);
            assertThat(api.count(b.pledge().getId(), Type.CAPTURED)).as("captured once").isEqualTo(1);
            assertThat(api.count(b.pledge().getId(), Type.CHARGED)).isZero();
        }
    }

    @Test
    void allOrNothingWithoutLiveHoldsChargesTheSavedCardsOffSessionAtSettlement() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 5_000, Duration.ofDays(30), 48);
        List<Backed> pledges = pledge(campaign, "pm_card_visa", 2_500, 2_500);
        assertThat(pledges).allMatch(b -> !b.pledge().hasHoldExpiresAt());

        api.end(campaign.id());
        api.awaitSettled(campaign.id(), CampaignStatus.CAMPAIGN_STATUS_FUNDED);

        for (Backed b : pledges) {
            assertThat(api.count(b.pledge().getId(), Type.CHARGED)).isEqualTo(1);
            assertThat(api.count(b.pledge().getId(), Type.CAPTURED)).isZero();
        }
    }

    @Test
    void allOrNothingThatMissedItsGoalVoidsEveryHoldCapturesNothingAndFails() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(3), 24);
        List<Backed> pledges = pledge(campaign, "pm_card_visa", 4_000, 5_000);

        api.end(campaign.id());
        Settlement settled = api.awaitSettled(campaign.id(), CampaignStatus.CAMPAIGN_STATUS_FAILED);

        assertThat(settled.getOutcome()).isEqualTo("failed");
        assertThat(settled.getCapturedMinor()).isZero();
        for (Backed b : pledges) {
            assertThat(api.get(b.backer(), b.pledge().getId()).getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_VOIDED);
            assertThat(api.count(b.pledge().getId(), Type.VOIDED)).isEqualTo(1);
            assertThat(api.count(b.pledge().getId(), Type.CAPTURED) + api.count(b.pledge().getId(), Type.CHARGED)).isZero();
        }
    }

    @Test
    void keepItAllBelowItsGoalKeepsTheChargesAndIsPartiallyFunded() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_KEEP_IT_ALL, 100_000, Duration.ofDays(30), 48);
        List<Backed> pledges = pledge(campaign, "pm_card_visa", 3_000, 2_000);

        api.end(campaign.id());
        Settlement settled = api.awaitSettled(campaign.id(), CampaignStatus.CAMPAIGN_STATUS_PARTIALLY_FUNDED);

        assertThat(settled.getOutcome()).isEqualTo("partially_funded");
        assertThat(settled.getCapturedMinor()).isEqualTo(5_000);
        for (Backed b : pledges) {
            assertThat(api.count(b.pledge().getId(), Type.CHARGED)).isEqualTo(1);
            assertThat(api.count(b.pledge().getId(), Type.REFUNDED)).isZero();
        }
    }

    @Test
    void keepItAllThatMetItsGoalIsFunded() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_KEEP_IT_ALL, 5_000, Duration.ofDays(30), 48);
        pledge(campaign, "pm_card_visa", 3_000, 2_000);

        api.end(campaign.id());

        assertThat(api.awaitSettled(campaign.id(), CampaignStatus.CAMPAIGN_STATUS_FUNDED).getOutcome()).isEqualTo("funded");
    }

    @Test
    void aCaptureThatFailsLeavesThePledgePaymentFailedUntilTheBackerGivesAnotherCard() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 5_000, Duration.ofDays(3), 24);
        Backed good = pledge(campaign, "pm_card_visa", 4_000).get(0);
        Backed bad = pledge(campaign, "pm_card_captureDeclined", 2_000).get(0);

        api.end(campaign.id());
        Settlement settled = api.awaitSettled(campaign.id(), CampaignStatus.CAMPAIGN_STATUS_FUNDED);
        assertThat(counts(settled)).containsEntry(PledgeStatus.PLEDGE_STATUS_PAYMENT_FAILED, 1L);
        Pledge failed = api.get(bad.backer(), bad.pledge().getId());
        assertThat(failed.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PAYMENT_FAILED);
        assertThat(failed.hasFixBefore()).isTrue();
        assertThat(api.count(good.pledge().getId(), Type.CAPTURED)).isEqualTo(1);

        Pledge fixed = api.pledges(bad.backer()).updatePaymentMethod(UpdatePaymentMethodRequest.newBuilder()
                .setPledgeId(bad.pledge().getId()).setPaymentMethodId("pm_card_visa").build()).getPledge();

        assertThat(fixed.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_CAPTURED);
        assertThat(api.count(bad.pledge().getId(), Type.CHARGED)).isEqualTo(1);
        assertThat(api.count(bad.pledge().getId(), Type.CAPTURED)).isZero();
    }
}
