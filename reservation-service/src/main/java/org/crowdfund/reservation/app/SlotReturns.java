package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.reservation.domain.Reservation;
import org.crowdfund.reservation.domain.ReservationStatus;
import org.crowdfund.reservation.domain.WaitlistStatus;
import org.crowdfund.reservation.events.ReservationEvents;
import org.crowdfund.reservation.store.InventoryStore;
import org.crowdfund.reservation.store.ReservationStore;
import org.crowdfund.reservation.store.WaitlistStore;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What follows once reservation rows have left ACTIVE or CONVERTED (their rows are already
 * locked by the caller's update): counters go back per tier, then its pools, in tier id order
 * (so two replicas returning slots of the same tiers cannot deadlock), waitlist entries of offers end,
 * events are appended, and the freed slots are offered to the waitlist.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class SlotReturns {
    private final InventoryStore inventory;
    private final ReservationStore reservations;
    private final WaitlistStore waitlist;
    private final WaitlistOffers offers;
    private final ReservationEvents events;
    private final ReservationMetrics metrics;
    private final Transactions tx;

    public SlotReturns(InventoryStore inventory, ReservationStore reservations, WaitlistStore waitlist,
                       WaitlistOffers offers, ReservationEvents events, ReservationMetrics metrics, Transactions tx) {
        this.inventory = inventory;
        this.reservations = reservations;
        this.waitlist = waitlist;
        this.offers = offers;
        this.events = events;
        this.metrics = metrics;
        this.tx = tx;
    }

    /** Expires those of the given holds that are still active and lapsed; returns them. */
    public List<Reservation> expire(Collection<UUID> ids, Instant now) {
        List<Reservation> expired = reservations.expire(ids, now);
        giveBack(expired, false, now);
        for (Reservation r : expired) {
            if (r.isOffer()) {
                waitlist.move(r.waitlistEntryId(), WaitlistStatus.OFFERED, WaitlistStatus.LAPSED, now);
            }
            events.expired(r);
            tx.afterCommit(() -> metrics.expired(r, now));
        }
        offerFreed(expired, now);
        return expired;
    }

    /** Follows up reservations just moved to RELEASED from {@code from}. */
    public void released(List<Reservation> released, ReservationStatus from, Instant now) {
        boolean wasConverted = from == ReservationStatus.CONVERTED;
        giveBack(released, wasConverted, now);
        for (Reservation r : released) {
            if (r.isOffer() && !wasConverted) {
                waitlist.move(r.waitlistEntryId(), WaitlistStatus.OFFERED, WaitlistStatus.DECLINED, now);
            }
            events.released(r, wasConverted);
            tx.afterCommit(() -> metrics.released(r, wasConverted));
        }
        offerFreed(released, now);
    }

    private void giveBack(List<Reservation> ended, boolean sold, Instant now) {
        for (Map.Entry<Line, Integer> line : byLine(ended).entrySet()) {
            if (sold) {
                inventory.unsell(line.getKey().tierId(), line.getKey().queueId(), line.getValue(), now);
            } else {
                inventory.unhold(line.getKey().tierId(), line.getKey().queueId(), line.getValue(), now);
            }
        }
    }

    private void offerFreed(List<Reservation> ended, Instant now) {
        for (Line line : byLine(ended).keySet()) {
            offers.offerFreeSlots(line.tierId(), line.queueId(), now);
        }
    }

    /** Slots per tier and queue, in tier then queue order: the lock order of counter updates. */
    private static Map<Line, Integer> byLine(List<Reservation> ended) {
        Map<Line, Integer> lines = new TreeMap<>(Line.ORDER);
        for (Reservation r : ended) {
            lines.merge(new Line(r.tierId(), r.queueId()), r.quantity(), Integer::sum);
        }
        return lines;
    }

    private record Line(UUID tierId, String queueId) {
        static final Comparator<Line> ORDER = Comparator.comparing(Line::tierId)
                .thenComparing(Line::queueId, Comparator.nullsFirst(Comparator.naturalOrder()));
    }
}
