package org.crowdfund.pledge;

import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.pledge.v1.ConfirmPledgeAuthenticationRequest;
import org.crowdfund.proto.pledge.v1.CreatePledgeRequest;
import org.crowdfund.proto.pledge.v1.CreatePledgeResponse;
import org.crowdfund.proto.pledge.v1.Pledge;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The CreatePledge saga against the real campaign-, reservation- and payment-service and the Stripe emulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreatePledgeTest {
    private PledgeApi api;

    @BeforeAll
    void start() {
        api = new PledgeApi(PledgeHarness.pledgeService());
    }

    @Test
    void anAllOrNothingPledgeNearTheDeadlineIsHeldOnSessionCountedAndLockedAtTheCutoff() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(3), 24);
        Pledge pledge = api.pledge(PledgeApi.backer(), api.request(campaign.id(), null, 5_000, "pm_card_visa").build());

        assertThat(pledge.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PENDING);
        assertThat(pledge.hasHoldExpiresAt()).as("hold placed at once: the deadline is within an on-session hold's life").isTrue();
        assertThat(pledge.getCancellableUntil()).isEqualTo(campaign.campaign().getPledgeCutoffAt());
        assertThat(api.count(pledge.getId(), Type.AUTHORIZED)).isEqualTo(1);
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isEqualTo(5_000);
    }

    @Test
    void aPledgeFarFromTheDeadlineSavesTheCardAndHoldsNothingYet() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(30), 48);
        Pledge pledge = api.pledge(PledgeApi.backer(), api.request(campaign.id(), null, 2_500, "pm_card_visa").build());

        assertThat(pledge.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PENDING);
        assertThat(pledge.hasHoldExpiresAt()).isFalse();
        assertThat(api.movements(pledge.getId())).isEmpty();
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isEqualTo(2_500);
    }

    @Test
    void aKeepItAllPledgeIsChargedAtOnce() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_KEEP_IT_ALL, 100_000, Duration.ofDays(30), 48);
        Pledge pledge = api.pledge(PledgeApi.backer(), api.request(campaign.id(), null, 3_000, "pm_card_visa").build());

        assertThat(pledge.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_CAPTURED);
        assertThat(api.count(pledge.getId(), Type.CHARGED)).isEqualTo(1);
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isEqualTo(3_000);
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswersTheSamePledgeAndAnotherBodyIsRefused() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(3), 24);
        Principal backer = PledgeApi.backer();
        CreatePledgeRequest request = api.request(campaign.id(), null, 4_000, "pm_card_visa").build();
        CreatePledgeResponse first = api.pledges(backer).createPledge(request);
        CreatePledgeResponse again = api.pledges(backer).createPledge(request);

        assertThat(again.getExisting()).isTrue();
        assertThat(again.getPledge().getId()).isEqualTo(first.getPledge().getId());
        assertThat(api.count(first.getPledge().getId(), Type.AUTHORIZED)).isEqualTo(1);
        var refusal = PledgeApi.refusal(() -> api.pledges(backer).createPledge(request.toBuilder().setAmountMinor(4_001).build()));
        assertThat(refusal.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(refusal.reason()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isEqualTo(4_000);
    }

    @Test
    void aLimitedTierPledgeConvertsTheBackersOwnReservation() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(30), 48, 3);
        Principal backer = PledgeApi.backer();
        String reservation = api.reserve(backer, campaign.tier(0));
        Pledge pledge = api.pledge(backer, api.request(campaign.id(), campaign.tier(0), 1_500, "pm_card_visa")
                .setReservationId(reservation).build());

        assertThat(pledge.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PENDING);
        assertThat(pledge.getReservationId()).isEqualTo(reservation);
        var tier = api.availability(campaign.id()).stream().filter(a -> a.getTierId().equals(campaign.tier(0))).findFirst().orElseThrow();
        assertThat(tier.getSold()).isEqualTo(1);
        assertThat(tier.getHeld()).isZero();
    }

    @Test
    void aCardThatNeedsThreeDSecureWaitsForTheBackerAndTheSagaContinuesWhenTheyFinish() throws Exception {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(3), 24);
        Principal backer = PledgeApi.backer();
        Pledge pledge = api.pledge(backer, api.request(campaign.id(), null, 6_000, "pm_card_authenticationRequired").build());
        assertThat(pledge.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_REQUIRES_ACTION);
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).as("not counted while waiting").isZero();

        for (int round = 0; round < 3 && pledge.getStatus() == PledgeStatus.PLEDGE_STATUS_REQUIRES_ACTION; round++) {
            assertThat(pledge.getNextAction().getRedirectUrl()).isNotEmpty();
            authenticate(pledge.getNextAction().getRedirectUrl());
            pledge = api.pledges(backer).confirmPledgeAuthentication(ConfirmPledgeAuthenticationRequest.newBuilder()
                    .setPledgeId(pledge.getId()).build()).getPledge();
        }
        assertThat(pledge.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PENDING);
        assertThat(api.count(pledge.getId(), Type.AUTHORIZED)).isEqualTo(1);
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isEqualTo(6_000);
    }

    @Test
    void aThreeDSecureAbandonedPastItsTimeIsCompensatedAndLeavesNothingBehind() {
        var campaign = api.campaign(PledgeApi.creator(), FundingModel.FUNDING_MODEL_KEEP_IT_ALL, 100_000, Duration.ofDays(30), 48, 2);
        Principal backer = PledgeApi.backer();
        String reservation = api.reserve(backer, campaign.tier(0));
        Pledge pledge = api.pledge(backer, api.request(campaign.id(), campaign.tier(0), 2_000, "pm_card_authenticationRequired")
                .setReservationId(reservation).build());
        assertThat(pledge.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_REQUIRES_ACTION);

        PledgeHarness.clock(PledgeHarness.pledgeService()).advance(Duration.ofMinutes(16));
        String id = pledge.getId();
        await().atMost(PledgeHarness.await()).until(() -> api.get(backer, id).getStatus() == PledgeStatus.PLEDGE_STATUS_FAILED);

        assertThat(api.get(backer, id).getFailureReason()).isEqualTo("AUTHENTICATION_ABANDONED");
        assertThat(api.count(id, Type.CHARGED)).isZero();
        assertThat(api.campaign(campaign.id()).getPledgedMinor()).isZero();
        assertThat(api.slotsLeft(campaign.id(), campaign.tier(0))).as("the reservation was never converted").isEqualTo(1);
    }

    private static void authenticate(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(400);
    }

    static ReleaseRequest release(String reservationId) {
        return ReleaseRequest.newBuilder().setReservationId(reservationId).build();
    }
}
