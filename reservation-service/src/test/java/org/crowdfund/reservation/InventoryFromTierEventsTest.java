package org.crowdfund.reservation;

import io.grpc.Status;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.events.v1.CampaignCancelled;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.reservation.v1.GetAvailabilityRequest;
import org.crowdfund.proto.reservation.v1.Inventory;
import org.crowdfund.proto.reservation.v1.JoinWaitlistRequest;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.ReservationStatus;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.proto.reservation.v1.TierAvailability;
import org.crowdfund.proto.reservation.v1.WaitlistStatus;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.awaitEventsConsumed;
import static org.crowdfund.reservation.ReservationHarness.awaitInventory;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.inventory;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.ReservationHarness.nextRevision;
import static org.crowdfund.reservation.ReservationHarness.publishTierChanged;
import static org.crowdfund.reservation.Refusals.assertRefused;

/** Inventory follows campaign-service's RewardTierChanged and campaign lifecycle events from NATS. */
class InventoryFromTierEventsTest {

    static Reservation hold(Principal backer, Tier tier) {
        return as(backer).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1).build()).getReservation();
    }

    static Tier newTier() {
        return new Tier(UUID.randomUUID(), UUID.randomUUID());
    }

    @Test
    void aLimitedTierGetsItsInventoryFromTheRewardTierChangedEvent() {
        Tier tier = newTier();
        long revision = nextRevision();
        publishTierChanged(tier, 40, revision, 0);

        Inventory inv = awaitInventory(tier, i -> i.getTotal() == 40);

        assertThat(inv.getCampaignId()).isEqualTo(tier.campaign());
        assertThat(inv.getRevision()).isEqualTo(revision);
        assertThat(inv.getAvailable()).isEqualTo(40);
        assertThat(inv.getTtlSeconds()).isEqualTo(11 * 60);
        TierAvailability page = ReservationHarness.anonymous().getAvailability(GetAvailabilityRequest.newBuilder()
                .setCampaignId(tier.campaign()).build()).getTiers(0);
        assertThat(page.getTracked()).isTrue();
        assertThat(page.getAvailable()).isEqualTo(40);
    }

    @Test
    void aRedeliveredTierEventHasNoSecondEffectAndAnOlderRevisionIsIgnored() {
        Tier tier = newTier();
        long first = nextRevision();
        EventEnvelope original = publishTierChanged(tier, 5, first, 0);
        awaitInventory(tier, i -> i.getTotal() == 5);
        hold(newBacker(), tier);
        hold(newBacker(), tier);
        long second = nextRevision();
        publishTierChanged(tier, 3, second, 0);
        awaitInventory(tier, i -> i.getTotal() == 3);

        // The same event again, as a relay that crashed before marking it would publish it after
        // the broker's duplicate window: the broker keeps both copies, the inbox skips the second.
        ReservationHarness.publish(EventSubjects.REWARD_TIER_CHANGED, original, UUID.randomUUID().toString());
        // A different event carrying an older revision (out-of-order delivery).
        publishTierChanged(tier, 10, first, 0);
        awaitEventsConsumed();

        Inventory inv = inventory(tier);
        assertThat(inv.getTotal()).isEqualTo(3);
        assertThat(inv.getRevision()).isEqualTo(second);
        assertThat(counters(tier)).isEqualTo(new Counters(3, 2, 0));
        long applied = ReservationHarness.read(sql -> sql.one("SELECT count(*) AS n FROM inbox WHERE event_id = ?",
                rs -> rs.getLong("n"), UUID.fromString(original.getEventId())).orElseThrow());
        assertThat(applied).isEqualTo(1);
    }

    @Test
    void aLimitGrowsAnyTimeButShrinksOnlyDownToHeldPlusSold() {
        Tier tier = ReservationHarness.limitedTier(5);
        Reservation a = hold(newBacker(), tier);
        hold(newBacker(), tier);
        Reservation sold = hold(newBacker(), tier);
        ConvertReleaseExtendTest.convert(sold, UUID.randomUUID().toString());
        double clampedBefore = ReservationHarness.counterOnAllReplicas("reservations.inventory.clamped");

        publishTierChanged(tier, 1, nextRevision(), 0);
        Inventory clamped = awaitInventory(tier, i -> i.getRequestedTotal() == 1);

        assertThat(clamped.getTotal()).as("never below held + sold").isEqualTo(3);
        assertThat(clamped.getAvailable()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                ReservationHarness.counterOnAllReplicas("reservations.inventory.clamped") == clampedBefore + 1);
        assertRefused(() -> hold(newBacker(), tier), Status.Code.FAILED_PRECONDITION, "TIER_SOLD_OUT");

        as(ReservationHarness.SERVICE).release(ReleaseRequest.newBuilder().setReservationId(a.getId()).build());
        assertThat(counters(tier)).as("the total follows held + sold down towards the requested limit")
                .isEqualTo(new Counters(2, 1, 1));

        publishTierChanged(tier, 6, nextRevision(), 0);
        Inventory grown = awaitInventory(tier, i -> i.getTotal() == 6);
        assertThat(grown.getAvailable()).isEqualTo(4);
    }

    @Test
    void anUnlimitedTierIsTrackedButNeedsNoReservation() {
        Tier tier = newTier();
        publishTierChanged(tier, null, nextRevision(), 0);
        awaitInventory(tier, Inventory::getUnlimited);

        assertRefused(() -> hold(newBacker(), tier), Status.Code.FAILED_PRECONDITION, "TIER_UNLIMITED");
        assertRefused(() -> as(newBacker()).joinWaitlist(JoinWaitlistRequest.newBuilder().setTierId(tier.id())
                .setQuantity(1).build()), Status.Code.FAILED_PRECONDITION, "TIER_UNLIMITED");
        TierAvailability page = ReservationHarness.anonymous().getAvailability(GetAvailabilityRequest.newBuilder()
                .addTierIds(tier.id()).addTierIds(UUID.randomUUID().toString()).build()).getTiers(0);
        assertThat(page.getUnlimited()).isTrue();
    }

    @Test
    void theCampaignsHoldTimeIsTakenFromTheEventWithinThePlatformBounds() {
        assertThat(inventory(ReservationHarness.limitedTier(2, 20)).getTtlSeconds()).isEqualTo(20 * 60);
        assertThat(inventory(ReservationHarness.limitedTier(2, 90)).getTtlSeconds()).isEqualTo(30 * 60);
    }

    @Test
    void aCancelledCampaignReleasesItsHoldsClosesItsWaitlistAndTakesNoNewReservations() {
        Tier tier = ReservationHarness.limitedTier(2);
        Reservation held = hold(newBacker(), tier);
        Reservation sold = hold(newBacker(), tier);
        ConvertReleaseExtendTest.convert(sold, UUID.randomUUID().toString());
        Principal waiting = newBacker();
        var entry = as(waiting).joinWaitlist(JoinWaitlistRequest.newBuilder().setTierId(tier.id()).setQuantity(1).build())
                .getEntry();

        EventEnvelope cancelled = ReservationHarness.envelope(tier.campaign(), CampaignCancelled.newBuilder()
                .setCampaignId(tier.campaign()).setReason("creator gave up").build());
        ReservationHarness.publish(EventSubjects.CAMPAIGN_CANCELLED, cancelled, cancelled.getEventId());
        await().atMost(Duration.ofSeconds(20)).until(() -> inventory(tier).getClosed());

        assertThat(counters(tier)).as("the sold slot waits for pledge-service to cancel its pledge")
                .isEqualTo(new Counters(2, 0, 1));
        assertThat(as(ReservationHarness.ADMIN).getReservation(org.crowdfund.proto.reservation.v1.GetReservationRequest
                .newBuilder().setReservationId(held.getId()).build()).getReservation().getStatus())
                .isEqualTo(ReservationStatus.RESERVATION_STATUS_RELEASED);
        assertThat(as(waiting).getWaitlistEntry(org.crowdfund.proto.reservation.v1.GetWaitlistEntryRequest.newBuilder()
                .setEntryId(entry.getId()).build()).getEntry().getStatus()).isEqualTo(WaitlistStatus.WAITLIST_STATUS_CLOSED);
        assertRefused(() -> hold(newBacker(), tier), Status.Code.FAILED_PRECONDITION, "CAMPAIGN_CLOSED");
    }
}
