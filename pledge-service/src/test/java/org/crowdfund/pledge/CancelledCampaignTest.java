package org.crowdfund.pledge;

import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.CancelCampaignRequest;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.pledge.v1.Pledge;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.proto.pledge.v1.Settlement;
import org.crowdfund.proto.reservation.v1.GetReservationRequest;
import org.crowdfund.proto.reservation.v1.ReservationStatus;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.testsupport.StreamReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A creator (or admin) cancels an active campaign: every pledge gets its money back and ends in a
 * state the backer sees (all-or-nothing holds voided, keep-it-all charges refunded), the campaign
 * total goes back to zero and limited slots are released.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelledCampaignTest {
    private PledgeApi api;

    @BeforeAll
    void start() {
        api = new PledgeApi(PledgeHarness.pledgeService());
    }

    private record Backed(Principal backer, Pledge pledge) {
    }

    private void cancelCampaign(Principal creator, String campaignId) {
        api.campaigns(creator).cancelCampaign(CancelCampaignRequest.newBuilder().setCampaignId(campaignId)
                .setReason("the maker went out of business").build());
    }

    private Settlement awaitGivenBack(String campaignId) {
        await().atMost(PledgeHarness.await()).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> "settled".equals(api.settlement(campaignId).getPhase()));
        return api.settlement(campaignId);
    }

    @Test
    void cancellingAnAllOrNothingCampaignVoidsEveryHoldReleasesTotalsAndSlotsAndCapturesNothing() {
        Principal creator = PledgeApi.creator();
        var campaign = api.campaign(creator, FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 100_000, Duration.ofDays(3), 24, 3, null);
        List<Backed> pledges = new ArrayList<>();
        List<String> reservations = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Principal backer = PledgeApi.backer();
            String reservation = api.reserve(backer, campaign.tier(0));
            reservations.add(reservation);
            pledges.add(new Backed(backer, api.pledge(backer, api.request(campaign.id(), campaign.tier(0), 2_000, "pm_card_visa")
                    .setReservationId(reservation).build())));
        }
        Principal noReward = PledgeApi.backer();
        pledges.add(new Backed(noReward, api.pledge(noReward, api.request(campaign.id(), null, 1_500, "pm_card_visa").build())));
        assertThat(pledges).allMatch(b -> b.pledge().hasHoldExpiresAt());
        assertThat(api.slotsLeft(campaign.id(), campaign.tier(0))).isEqualTo(1);

        cancelCampaign(creator, campaign.id());
        Settlement done = awaitGivenBack(campaign.id());

        assertThat(done.getOutcome()).isEqualTo("cancelled");
        assertThat(done.getCapturedMinor()).isZero();
        assertThat(done.getRemaining()).isZero();
        for (Backed b : pledges) {
            assertThat(api.get(b.backer(), b.pledge().getId()).getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_VOIDED);
            assertThat(api.count(b.pledge().getId(), Type.VOIDED)).as("voided once").isEqualTo(1);
            assertThat(api.count(b.pledge().getId(), Type.CAPTURED) + api.count(b.pledge().getId(), Type.CHARGED)).isZero();
        }
        await().atMost(PledgeHarness.await()).untilAsserted(() -> {
            assertThat(api.campaign(campaign.id()).getPledgedMinor()).isZero();
            assertThat(events(campaign.id(), ".pledge.voided")).hasSize(3);
            for (int i = 0; i < reservations.size(); i++) {
                assertThat(api.reservations(pledges.get(i).backer()).getReservation(GetReservationRequest.newBuilder()
                        .setReservationId(reservations.get(i)).build()).getReservation().getStatus())
                        .as("the converted slot is released").isEqualTo(ReservationStatus.RESERVATION_STATUS_RELEASED);
            }
        });
        assertThat(api.campaign(campaign.id()).getStatus()).isEqualTo(CampaignStatus.CAMPAIGN_STATUS_CANCELLED);
        assertThat(events(campaign.id(), ".campaign.settled")).as("a cancelled campaign is not settled").isEmpty();
    }

    @Test
    void cancellingAKeepItAllCampaignRefundsEveryChargeAndThePledgesEndRefunded() {
        Principal creator = PledgeApi.creator();
        var campaign = api.campaign(creator, FundingModel.FUNDING_MODEL_KEEP_IT_ALL, 100_000, Duration.ofDays(30), 48);
        List<Backed> pledges = new ArrayList<>();
        for (long amount : new long[] {3_000, 2_500}) {
            Principal backer = PledgeApi.backer();
            pledges.add(new Backed(backer, api.pledge(backer, api.request(campaign.id(), null, amount, "pm_card_visa").build())));
        }
        assertThat(pledges).allMatch(b -> b.pledge().getStatus() == PledgeStatus.PLEDGE_STATUS_CAPTURED);

        cancelCampaign(creator, campaign.id());
        Settlement done = awaitGivenBack(campaign.id());

        assertThat(done.getOutcome()).isEqualTo("cancelled");
        for (Backed b : pledges) {
            assertThat(api.get(b.backer(), b.pledge().getId()).getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_REFUNDED);
            assertThat(api.count(b.pledge().getId(), Type.CHARGED)).isEqualTo(1);
            assertThat(api.count(b.pledge().getId(), Type.REFUNDED)).as("refunded once").isEqualTo(1);
        }
        await().atMost(PledgeHarness.await()).untilAsserted(() -> {
            assertThat(api.campaign(campaign.id()).getPledgedMinor()).isZero();
            assertThat(events(campaign.id(), ".pledge.refunded")).hasSize(2);
        });
    }

    /** This campaign's events on one subject (e.g. ".pledge.voided"), from the test stream. */
    static List<EventEnvelope> events(String campaignId, String subjectSuffix) {
        String subject = PledgeHarness.EVENTS.get("crowdfund.events.subject-prefix") + subjectSuffix;
        return StreamReader.all(String.valueOf(PledgeHarness.EVENTS.get("crowdfund.events.nats-url")),
                        String.valueOf(PledgeHarness.EVENTS.get("crowdfund.events.stream"))).stream()
                .filter(m -> m.getSubject().equals(subject))
                .map(m -> {
                    try {
                        return EventEnvelope.parseFrom(m.getData());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(e -> e.getData().toByteString().toStringUtf8().contains(campaignId))
                .toList();
    }
}
