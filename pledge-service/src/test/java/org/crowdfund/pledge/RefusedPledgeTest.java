package org.crowdfund.pledge;

import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.CreateCampaignRequest;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.pledge.v1.CreatePledgeRequest;
import org.crowdfund.proto.pledge.v1.ListMyPledgesRequest;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/**
 * Every refusal of CreatePledge is specific and leaves nothing behind: no money moved or held at
 * the provider, no slot taken, no campaign total changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedPledgeTest {
    private PledgeApi api;
    private PledgeApi.Tiered campaign;

    @BeforeAll
    void start() {
        api = new PledgeApi(PledgeHarness.pledgeService());
        campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(3), 24, 5);
    }

    private PledgeApi.Refusal refused(Principal backer, Function<CreatePledgeRequest.Builder, CreatePledgeRequest.Builder> change) {
        int movementsBefore = PledgeHarness.stripe().ledger().movements().size();
        int slotsBefore = api.slotsLeft(campaign.id(), campaign.tier(0));
        long totalBefore = api.campaign(campaign.id()).getPledgedMinor();
        CreatePledgeRequest request = change.apply(api.request(campaign.id(), null, 5_000, "pm_card_visa")).build();

        PledgeApi.Refusal refusal = PledgeApi.refusal(() -> api.pledge(backer, request));

        assertThat(PledgeHarness.stripe().ledger().movements()).as("no money moved or held").hasSize(movementsBefore);
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).as("campaign total unchanged").isEqualTo(totalBefore);
        assertThat(api.slotsLeft(campaign.id(), campaign.tier(0))).as("slots unchanged").isEqualTo(slotsBefore);
        assertThat(api.pledges(backer).listMyPledges(ListMyPledgesRequest.getDefaultInstance()).getPledgesList())
                .allMatch(p -> p.getStatus() == PledgeStatus.PLEDGE_STATUS_FAILED);
        return refusal;
    }

    @Test
    void aCampaignThatIsNotActiveIsRefusedWithCampaignNotActive() {
        Principal creator = PledgeApi.creator();
        var draft = api.campaigns(creator).createCampaign(CreateCampaignRequest.newBuilder().setRequestId(TestInfra.shortId())
                .setTitle("Draft").setFundingModel(FundingModel.FUNDING_MODEL_ALL_OR_NOTHING).setCurrency("USD").setGoalMinor(10_000)
                .setEndAt(timestamp(Instant.now().plus(Duration.ofDays(10)))).setNoRewards(true).build()).getCampaign();
        var refusal = refused(PledgeApi.backer(), r -> r.setCampaignId(draft.getId()));
        assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(refusal.reason()).isEqualTo("CAMPAIGN_NOT_ACTIVE");
    }

    @Test
    void anAmountBelowTheTierMinimumOrTheCurrencyMinimumIsRefused() {
        Principal backer = PledgeApi.backer();
        String reservation = api.reserve(backer, campaign.tier(0));
        var belowTier = refused(backer, r -> r.setTierId(campaign.tier(0)).setReservationId(reservation).setAmountMinor(999));
        assertThat(belowTier.reason()).isEqualTo("AMOUNT_BELOW_MINIMUM");
        assertThat(belowTier.message()).contains("1000");
        api.reservations(backer).release(ReleaseRequest.newBuilder().setReservationId(reservation).build());
        assertThat(refused(backer, r -> r.setAmountMinor(49)).reason()).isEqualTo("AMOUNT_BELOW_MINIMUM");
    }

    @Test
    void anAmountAboveTheProvidersLargestChargeIsRefused() {
        var refusal = refused(PledgeApi.backer(), r -> r.setAmountMinor(100_000_000));
        assertThat(refusal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refusal.reason()).isEqualTo("AMOUNT_ABOVE_MAXIMUM");
    }

    @Test
    void anotherCurrencyThanTheCampaignsIsRefused() {
        var refusal = refused(PledgeApi.backer(), r -> r.setCurrency("EUR"));
        assertThat(refusal.reason()).isEqualTo("CURRENCY_MISMATCH");
        assertThat(refusal.message()).contains("USD");
    }

    @Test
    void aLimitedTierWithoutReservationIsRefusedWithReservationRequired() {
        var refusal = refused(PledgeApi.backer(), r -> r.setTierId(campaign.tier(0)).setAmountMinor(1_000));
        assertThat(refusal.reason()).isEqualTo("RESERVATION_REQUIRED");
    }

    @Test
    void anotherBackersReservationIsRefusedWithReservationMismatch() {
        Principal owner = PledgeApi.backer();
        String reservation = api.reserve(owner, campaign.tier(0));
        var refusal = refused(PledgeApi.backer(), r -> r.setTierId(campaign.tier(0)).setReservationId(reservation).setAmountMinor(1_000));
        assertThat(refusal.reason()).isEqualTo("RESERVATION_MISMATCH");
        api.reservations(owner).release(ReleaseRequest.newBuilder().setReservationId(reservation).build());
    }

    @Test
    void aReleasedReservationIsRefusedWithReservationExpired() {
        Principal backer = PledgeApi.backer();
        String reservation = api.reserve(backer, campaign.tier(0));
        api.reservations(backer).release(ReleaseRequest.newBuilder().setReservationId(reservation).build());
        var refusal = refused(backer, r -> r.setTierId(campaign.tier(0)).setReservationId(reservation).setAmountMinor(1_000));
        assertThat(refusal.reason()).isEqualTo("RESERVATION_EXPIRED");
    }

    @Test
    void aDeclinedCardIsRefusedWithCardDeclinedAndItsDeclineCode() {
        var refusal = refused(PledgeApi.backer(), r -> r.setPaymentMethodId("pm_card_chargeDeclinedInsufficientFunds"));
        assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(refusal.reason()).isEqualTo("CARD_DECLINED");
        assertThat(refusal.metadata()).containsEntry("decline_code", "insufficient_funds");
    }

    @Test
    void aCardDeclinedForTheHoldAfterItWasSavedLeavesTheReservationToTheBacker() {
        Principal backer = PledgeApi.backer();
        String reservation = api.reserve(backer, campaign.tier(0));
        int slots = api.slotsLeft(campaign.id(), campaign.tier(0));
        var refusal = PledgeApi.refusal(() -> api.pledge(backer, api.request(campaign.id(), campaign.tier(0), 1_000,
                "pm_card_chargeCustomerFail").setReservationId(reservation).build()));
        assertThat(refusal.reason()).isEqualTo("CARD_DECLINED");
        assertThat(api.slotsLeft(campaign.id(), campaign.tier(0))).isEqualTo(slots);
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isZero();
        api.reservations(backer).release(ReleaseRequest.newBuilder().setReservationId(reservation).build());
    }
}
