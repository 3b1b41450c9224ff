package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.reservation.domain.Inventory;
import org.crowdfund.reservation.domain.Reservation;
import org.crowdfund.reservation.domain.WaitlistEntry;
import org.crowdfund.reservation.domain.WaitlistStatus;
import org.crowdfund.reservation.events.ReservationEvents;
import org.crowdfund.reservation.store.InventoryStore;
import org.crowdfund.reservation.store.ReservationStore;
import org.crowdfund.reservation.store.WaitlistStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Hands free slots to the backers in line, in the transaction that freed them, so a slot that
 * comes back never becomes visible to the crowd before the waitlist had its turn. Each offer is
 * a new reservation with the tier's own TTL (also on hard-allocation tiers: an offer always has
 * a deadline) and emits ReservationOffered. Strictly first come, first served per tier (and
 * queue pool): a head of line who wants more slots than are free waits, and so does everyone
 * behind them.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class WaitlistOffers {
    private static final int MAX_OFFERS_PER_CALL = 100;

    private final InventoryStore inventory;
    private final ReservationStore reservations;
    private final WaitlistStore waitlist;
    private final ReservationEvents events;
    private final ReservationMetrics metrics;
    private final Transactions tx;

    public WaitlistOffers(InventoryStore inventory, ReservationStore reservations, WaitlistStore waitlist,
                          ReservationEvents events, ReservationMetrics metrics, Transactions tx) {
        this.inventory = inventory;
        this.reservations = reservations;
        this.waitlist = waitlist;
        this.events = events;
        this.metrics = metrics;
        this.tx = tx;
    }

    /** Offers free slots of a tier (queue pool) to the backers waiting for them; returns the offers. */
    public List<Reservation> offerFreeSlots(UUID tierId, String queueId, Instant now) {
        List<Reservation> offers = new ArrayList<>();
        Optional<Inventory> found = inventory.find(tierId);
        if (found.isEmpty() || found.get().unlimited() || found.get().closed()) {
            return offers;
        }
        Inventory inv = found.get();
        while (offers.size() < MAX_OFFERS_PER_CALL) {
            Optional<WaitlistEntry> head = waitlist.lockHead(tierId, queueId);
            if (head.isEmpty()) {
                break;
            }
            WaitlistEntry entry = head.get();
            if (inventory.take(tierId, queueId, entry.quantity(), now) != InventoryStore.Take.TAKEN) {
                break;
            }
            List<Reservation> inserted = reservations.insertActive(tierId, inv.campaignId(), inv.strategy(), queueId,
                    List.of(new ReservationStore.NewHold(Ids.newId(), entry.backerId(), entry.quantity(), inv.ttl())),
                    entry.id(), now);
            if (inserted.isEmpty()) {
                // The backer got a slot of this tier directly meanwhile; they need no offer.
                inventory.unhold(tierId, queueId, entry.quantity(), now);
                waitlist.move(entry.id(), WaitlistStatus.WAITING, WaitlistStatus.LEFT, now);
                continue;
            }
            Reservation offer = inserted.get(0);
            waitlist.markOffered(entry.id(), offer.id(), now);
            events.created(offer);
            events.offered(offer);
            offers.add(offer);
            tx.afterCommit(() -> {
                metrics.created(offer);
                metrics.offered();
            });
        }
        return offers;
    }
}
