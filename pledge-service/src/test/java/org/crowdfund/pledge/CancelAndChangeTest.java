package org.crowdfund.pledge;

import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.pledge.v1.CancelPledgeRequest;
import org.crowdfund.proto.pledge.v1.CancelPledgeResponse;
import org.crowdfund.proto.pledge.v1.ChangePledgeRequest;
import org.crowdfund.proto.pledge.v1.Pledge;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Cancel and change until the campaign's cutoff; locked after it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelAndChangeTest {
    private PledgeApi api;

    @BeforeAll
    void start() {
        api = new PledgeApi(PledgeHarness.pledgeService());
    }

    private CancelPledgeResponse cancel(Principal backer, String pledgeId) {
        return api.pledges(backer).cancelPledge(CancelPledgeRequest.newBuilder().setPledgeId(pledgeId).build());
    }

    @Test
    void cancellingBeforeTheCutoffVoidsTheHoldReleasesTheTotalAndGivesTheSlotBack() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(4), 24, 2);
        Principal backer = PledgeApi.backer();
        Pledge pledge = api.pledge(backer, api.request(campaign.id(), campaign.tier(0), 3_000, "pm_card_visa")
                .setReservationId(api.reserve(backer, campaign.tier(0))).build());
        assertThat(api.slotsLeft(campaign.id(), campaign.tier(0))).isEqualTo(1);

        CancelPledgeResponse cancelled = cancel(backer, pledge.getId());

        assertThat(cancelled.getPledge().getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_CANCELLED);
        assertThat(cancelled.getRefunded()).isFalse();
        await().atMost(PledgeHarness.await()).untilAsserted(() -> {
            assertThat(api.count(pledge.getId(), Type.VOIDED)).isEqualTo(1);
            assertThat(api.campaign(campaign.id()).getPledgedMinor()).isZero();
            assertThat(api.slotsLeft(campaign.id(), campaign.tier(0))).isEqualTo(2);
        });
        assertThat(cancel(backer, pledge.getId()).getPledge().getStatus()).as("cancelling again changes nothing")
                .isEqualTo(PledgeStatus.PLEDGE_STATUS_CANCELLED);
        assertThat(api.count(pledge.getId(), Type.VOIDED)).isEqualTo(1);
    }

    @Test
    void cancellingAKeepItAllPledgeBeforeTheCutoffRefundsTheCharge() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_KEEP_IT_ALL, 100_000, Duration.ofDays(30), 48);
        Principal backer = PledgeApi.backer();
        Pledge pledge = api.pledge(backer, api.request(campaign.id(), null, 2_000, "pm_card_visa").build());

        CancelPledgeResponse cancelled = cancel(backer, pledge.getId());

        assertThat(cancelled.getRefunded()).isTrue();
        assertThat(api.count(pledge.getId(), Type.REFUNDED)).isEqualTo(1);
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isZero();
    }

    @Test
    void cancellingAfterTheCutoffIsRefusedWithPledgeLockedSayingWhenAndWhy() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(2), 36);
        Principal backer = PledgeApi.backer();
        Pledge pledge = api.pledge(backer, api.request(campaign.id(), null, 3_000, "pm_card_visa").build());

        PledgeHarness.clock(PledgeHarness.pledgeService()).advance(Duration.ofHours(13));
        PledgeApi.Refusal refusal = PledgeApi.refusal(() -> cancel(backer, pledge.getId()));

        assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(refusal.reason()).isEqualTo("PLEDGE_LOCKED");
        assertThat(refusal.message()).contains("36 h before the deadline")
                .contains(ProtoTime.instant(campaign.campaign().getPledgeCutoffAt()).toString());
        assertThat(api.get(backer, pledge.getId()).getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PENDING);
        assertThat(api.count(pledge.getId(), Type.VOIDED)).isZero();
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isEqualTo(3_000);
    }

    @Test
    void changingTheAmountPlacesTheNewHoldFirstThenVoidsTheOld() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(4), 24);
        Principal backer = PledgeApi.backer();
        Pledge pledge = api.pledge(backer, api.request(campaign.id(), null, 4_000, "pm_card_visa").build());

        Pledge changed = api.pledges(backer).changePledge(ChangePledgeRequest.newBuilder().setPledgeId(pledge.getId())
                .setAmountMinor(6_000).setIdempotencyKey(TestInfra.shortId()).build()).getPledge();

        assertThat(changed.getAmountMinor()).isEqualTo(6_000);
        assertThat(changed.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PENDING);
        var movements = api.movements(pledge.getId());
        assertThat(movements.stream().filter(m -> m.type() == Type.AUTHORIZED).map(m -> m.amount())).containsExactly(4_000L, 6_000L);
        assertThat(movements.stream().filter(m -> m.type() == Type.VOIDED).map(m -> m.amount())).containsExactly(4_000L);
        assertThat(movements.stream().map(m -> m.type())).containsSubsequence(Type.AUTHORIZED, Type.AUTHORIZED, Type.VOIDED);
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isEqualTo(6_000);
    }

    @Test
    void changingTheTierConvertsTheNewReservationAndReleasesTheOldSlot() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(30), 48, 2, 2);
        Principal backer = PledgeApi.backer();
        Pledge pledge = api.pledge(backer, api.request(campaign.id(), campaign.tier(0), 1_500, "pm_card_visa")
                .setReservationId(api.reserve(backer, campaign.tier(0))).build());
        String newReservation = api.reserve(backer, campaign.tier(1));

        Pledge changed = api.pledges(backer).changePledge(ChangePledgeRequest.newBuilder().setPledgeId(pledge.getId())
                .setTierId(campaign.tier(1)).setReservationId(newReservation).setIdempotencyKey(TestInfra.shortId()).build()).getPledge();

        assertThat(changed.getTierId()).isEqualTo(campaign.tier(1));
        assertThat(api.slotsLeft(campaign.id(), campaign.tier(0))).isEqualTo(2);
        var tier1 = api.availability(campaign.id()).stream().filter(a -> a.getTierId().equals(campaign.tier(1))).findFirst().orElseThrow();
        assertThat(tier1.getSold()).isEqualTo(1);
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isEqualTo(1_500);
    }
}
