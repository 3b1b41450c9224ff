package org.crowdfund.reservation;

import com.google.protobuf.Message;
import io.grpc.Status;
import org.crowdfund.proto.events.v1.CampaignEnded;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.proto.events.v1.RewardTierChanged;
import org.crowdfund.proto.reservation.v1.Inventory;
import org.crowdfund.proto.reservation.v1.ReservationStatus;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.awaitEventsConsumed;
import static org.crowdfund.reservation.ReservationHarness.awaitInventory;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.inventory;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.ReservationHarness.nextRevision;
import static org.crowdfund.reservation.Refusals.assertRefused;

/**
 * campaign-service's events reach this service duplicated and in any order (replicas share the
 * durable consumer, failures are redelivered later). The handler is order-free: tier changes
 * apply by tier revision, and closing a campaign is terminal, so no order of deliveries reopens
 * a closed campaign's inventory.
 */
class CampaignEventOrderTest {

    @Test
    void aRedeliveredRewardTierChangedAfterCampaignEndedDoesNotReopenTheInventory() {
        Tier tier = ReservationHarness.limitedTier(5);
        var held = InventoryFromTierEventsTest.hold(newBacker(), tier);

        EventEnvelope ended = versioned(tier.campaign(), 9, CampaignEnded.newBuilder().setCampaignId(tier.campaign()).build());
        ReservationHarness.publish(EventSubjects.CAMPAIGN_ENDED, ended, ended.getEventId());
        awaitInventory(tier, Inventory::getClosed);
        // The tier event again (a relay re-publishing it after the broker's duplicate window) and
        // a later revision that was delayed behind the close.
        EventEnvelope resize = versioned(tier.campaign(), 8, tierChanged(tier, 50, nextRevision()));
        ReservationHarness.publish(EventSubjects.REWARD_TIER_CHANGED, resize, resize.getEventId());
        ReservationHarness.publish(EventSubjects.REWARD_TIER_CHANGED, resize, UUID.randomUUID().toString());
        ReservationHarness.publish(EventSubjects.CAMPAIGN_ENDED, ended, UUID.randomUUID().toString());
        awaitEventsConsumed();

        Inventory inv = inventory(tier);
        assertThat(inv.getClosed()).isTrue();
        assertThat(inv.getTotal()).as("the resize itself is applied, the campaign stays closed").isEqualTo(50);
        assertThat(counters(tier)).isEqualTo(new Counters(50, 0, 0));
        assertThat(as(ReservationHarness.ADMIN).getReservation(org.crowdfund.proto.reservation.v1.GetReservationRequest
                .newBuilder().setReservationId(held.getId()).build()).getReservation().getStatus())
                .isEqualTo(ReservationStatus.RESERVATION_STATUS_RELEASED);
        assertRefused(() -> InventoryFromTierEventsTest.hold(newBacker(), tier), Status.Code.FAILED_PRECONDITION,
                "CAMPAIGN_CLOSED");
    }

    @Test
    void tierEventsShuffledAndDuplicatedAroundTheCloseEndInTheSameStateAsInOrder() {
        UUID campaign = UUID.randomUUID();
        Tier first = new Tier(campaign, UUID.randomUUID());
        Tier second = new Tier(campaign, UUID.randomUUID());
        long r1 = nextRevision();
        long r2 = nextRevision();
        long r3 = nextRevision();
        EventEnvelope v1 = versioned(campaign.toString(), 1, tierChanged(first, 5, r1));
        EventEnvelope v2 = versioned(campaign.toString(), 2, tierChanged(second, 3, r2));
        EventEnvelope v3 = versioned(campaign.toString(), 3, tierChanged(first, 8, r3));
        EventEnvelope v4 = versioned(campaign.toString(), 4, CampaignEnded.newBuilder().setCampaignId(campaign.toString()).build());

        // The close first, then the tier events newest first, each of them twice.
        for (EventEnvelope e : List.of(v4, v3, v1, v3, v2, v1, v4, v2)) {
            String subject = e.getData().is(CampaignEnded.class) ? EventSubjects.CAMPAIGN_ENDED : EventSubjects.REWARD_TIER_CHANGED;
            ReservationHarness.publish(subject, e, UUID.randomUUID().toString());
        }
        awaitEventsConsumed();

        Inventory a = awaitInventory(first, i -> i.getRevision() == r3);
        Inventory b = awaitInventory(second, i -> i.getRevision() == r2);
        assertThat(a.getClosed()).as("a tier first seen after its campaign closed is created closed").isTrue();
        assertThat(b.getClosed()).isTrue();
        assertThat(counters(first)).isEqualTo(new Counters(8, 0, 0));
        assertThat(counters(second)).isEqualTo(new Counters(3, 0, 0));
        assertRefused(() -> InventoryFromTierEventsTest.hold(newBacker(), first), Status.Code.FAILED_PRECONDITION,
                "CAMPAIGN_CLOSED");
        assertRefused(() -> InventoryFromTierEventsTest.hold(newBacker(), second), Status.Code.FAILED_PRECONDITION,
                "CAMPAIGN_CLOSED");
        for (EventEnvelope e : List.of(v1, v2, v3, v4)) {
            long applied = ReservationHarness.read(sql -> sql.one("SELECT count(*) AS n FROM inbox WHERE event_id = ?",
                    rs -> rs.getLong("n"), UUID.fromString(e.getEventId())).orElseThrow());
            assertThat(applied).as("each event applied once").isEqualTo(1);
        }
    }

    private static RewardTierChanged tierChanged(Tier tier, int limit, long revision) {
        return RewardTierChanged.newBuilder().setCampaignId(tier.campaign()).setTierId(tier.id()).setTitle("Early bird")
                .setMinPledgeMinor(2500).setRevision(revision).setQuantityLimit(limit).build();
    }

    private static EventEnvelope versioned(String campaignId, long version, Message event) {
        return ReservationHarness.envelope(campaignId, event).toBuilder().setAggregateVersion(version).build();
    }
}
