package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.reservation.domain.Inventory;
import org.crowdfund.reservation.domain.ReleaseReason;
import org.crowdfund.reservation.domain.Reservation;
import org.crowdfund.reservation.domain.ReservationStatus;
import org.crowdfund.reservation.domain.WaitlistEntry;
import org.crowdfund.reservation.domain.WaitlistStatus;
import org.crowdfund.reservation.store.InventoryStore;
import org.crowdfund.reservation.store.ReservationStore;
import org.crowdfund.reservation.store.WaitlistStore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Joining and leaving a tier's waitlist; offers themselves are made by {@link WaitlistOffers}. */
@Singleton
@Requires(property = "datasources.default.url")
public class WaitlistService {
    private final Transactions tx;
    private final InventoryStore inventory;
    private final ReservationStore reservations;
    private final WaitlistStore waitlist;
    private final WaitlistOffers offers;
    private final SlotReturns slotReturns;
    private final Clock clock;

    public WaitlistService(Transactions tx, InventoryStore inventory, ReservationStore reservations,
                           WaitlistStore waitlist, WaitlistOffers offers, SlotReturns slotReturns, Clock clock) {
        this.tx = tx;
        this.inventory = inventory;
        this.reservations = reservations;
        this.waitlist = waitlist;
        this.offers = offers;
        this.slotReturns = slotReturns;
        this.clock = clock;
    }

    /** An entry with its place in line (while waiting) and its offer (once offered). */
    public record EntryView(WaitlistEntry entry, int position, Reservation offer, boolean existing) {
    }

    /**
     * Puts the backer in line for a tier. Joining again returns the open entry. If a slot is
     * free right now (and nobody is ahead), the entry is offered it at once.
     */
    public EntryView join(UUID tierId, String backerId, int quantity, String queueId) {
        return tx.write(() -> {
            Instant now = clock.instant();
            Inventory inv = inventory.find(tierId).orElseThrow(() -> ReservationErrors.tierNotFound(tierId));
            if (inv.unlimited()) {
                throw ReservationErrors.unlimited(tierId);
            }
            if (inv.closed()) {
                throw ReservationErrors.closed(inv);
            }
            if (inv.strategy().pooled()) {
                if (queueId == null) {
                    throw ReservationErrors.queueRequired(tierId);
                }
                if (inventory.pool(tierId, queueId).isEmpty()) {
                    throw ReservationErrors.poolNotFound(tierId, queueId);
                }
            } else if (queueId != null) {
                throw ReservationErrors.queueNotExpected(tierId);
            }
            Optional<WaitlistEntry> open = waitlist.openFor(tierId, backerId);
            if (open.isPresent()) {
                return view(open.get(), true);
            }
            for (Reservation held : reservations.activeFor(tierId, List.of(backerId))) {
                if (held.holds(now)) {
                    throw ReservationErrors.alreadyReserved(held);
                }
            }
            Optional<WaitlistEntry> inserted = waitlist.insert(Ids.newId(), tierId, inv.campaignId(), backerId, quantity,
                    queueId, now);
            if (inserted.isEmpty()) {
                return view(waitlist.openFor(tierId, backerId).orElseThrow(), true);
            }
            offers.offerFreeSlots(tierId, queueId, now);
            return view(waitlist.find(inserted.get().id()).orElseThrow(), false);
        });
    }

    /** Leaves the line; leaving with an open offer declines it and the slot passes on. */
    public EntryView leave(Principal caller, UUID entryId) {
        return tx.write(() -> {
            Instant now = clock.instant();
            WaitlistEntry entry = visible(caller, entryId);
            if (entry.status() == WaitlistStatus.WAITING) {
                waitlist.move(entryId, WaitlistStatus.WAITING, WaitlistStatus.LEFT, now);
            } else if (entry.status() == WaitlistStatus.OFFERED) {
                reservations.release(entry.reservationId(), ReservationStatus.ACTIVE, ReleaseReason.OFFER_DECLINED, now)
                        .ifPresent(released -> slotReturns.released(List.of(released), ReservationStatus.ACTIVE, now));
            }
            return view(waitlist.find(entryId).orElseThrow(), false);
        });
    }

    public EntryView get(Principal caller, UUID entryId) {
        return tx.read(() -> view(visible(caller, entryId), false));
    }

    private EntryView view(WaitlistEntry entry, boolean existing) {
        int position = entry.status() == WaitlistStatus.WAITING ? waitlist.position(entry) : 0;
        Reservation offer = entry.reservationId() == null ? null : reservations.find(entry.reservationId()).orElse(null);
        return new EntryView(entry, position, offer, existing);
    }

    private WaitlistEntry visible(Principal caller, UUID entryId) {
        return waitlist.find(entryId).filter(e -> Access.owns(caller, e.backerId()))
                .orElseThrow(() -> ReservationErrors.entryNotFound(entryId));
    }
}
