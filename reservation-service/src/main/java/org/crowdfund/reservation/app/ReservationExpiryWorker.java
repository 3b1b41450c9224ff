package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.reservation.domain.Reservation;
import org.crowdfund.reservation.events.ReservationEvents;
import org.crowdfund.reservation.store.ReservationStore;
import org.crowdfund.reservation.store.WaitlistStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Releases lapsed holds within about a second of their expiry (interval
 * {@code crowdfund.reservations.expiry-interval}): each round locks a batch of lapsed holds with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas split the work instead of waiting for each other,
 * marks them expired, returns their slots and offers them to the waitlist, all in one
 * transaction per batch. The same round announces holds about to lapse (ReservationExpiring)
 * and offers free slots to waitlists that missed them (a limit grown while nobody was
 * releasing, or a head of line that wanted more than was free).
 */
@Singleton
@Requires(property = "datasources.default.url")
@Requires(property = "crowdfund.reservations.expiry.enabled", notEquals = "false")
public class ReservationExpiryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationExpiryWorker.class);

    private final Transactions tx;
    private final ReservationStore reservations;
    private final WaitlistStore waitlist;
    private final SlotReturns slotReturns;
    private final WaitlistOffers offers;
    private final ReservationEvents events;
    private final ReservationSettings settings;
    private final Clock clock;

    public ReservationExpiryWorker(Transactions tx, ReservationStore reservations, WaitlistStore waitlist,
                                   SlotReturns slotReturns, WaitlistOffers offers, ReservationEvents events,
                                   ReservationSettings settings, Clock clock) {
        this.tx = tx;
        this.reservations = reservations;
        this.waitlist = waitlist;
        this.slotReturns = slotReturns;
        this.offers = offers;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${crowdfund.reservations.expiry-interval:1s}", initialDelay = "1s")
    void tick() {
        try {
            int expired;
            do {
                expired = expireBatch();
            } while (expired == settings.getExpiryBatchSize());
            announceExpiring();
            sweepWaitlists();
        } catch (RuntimeException e) {
            LOG.warn("expiry round failed; the next round retries: {}", e.getMessage());
        }
    }

    /** Expires one batch of lapsed holds; returns how many. */
    public int expireBatch() {
        return tx.write(() -> {
            Instant now = clock.instant();
            List<Reservation> lapsed = reservations.lockLapsed(now, settings.getExpiryBatchSize());
            if (lapsed.isEmpty()) {
                return 0;
            }
            List<Reservation> expired = slotReturns.expire(lapsed.stream().map(Reservation::id).toList(), now);
            LOG.debug("expired {} holds", expired.size());
            return lapsed.size();
        });
    }

    private void announceExpiring() {
        int claimed;
        do {
            claimed = tx.write(() -> {
                List<Reservation> soon = reservations.claimExpiringNotices(clock.instant(), settings.getExpiringNotice(),
                        settings.getExpiryBatchSize());
                soon.forEach(events::expiring);
                return soon.size();
            });
        } while (claimed == settings.getExpiryBatchSize());
    }

    private void sweepWaitlists() {
        for (WaitlistStore.Line line : tx.read(() -> waitlist.linesWithFreeSlots(50))) {
            tx.write(() -> offers.offerFreeSlots(line.tierId(), line.queueId(), clock.instant()));
        }
    }
}
