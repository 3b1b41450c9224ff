package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.reservation.domain.HoldPolicy;
import org.crowdfund.reservation.domain.ReleaseReason;
import org.crowdfund.reservation.domain.Reservation;
import org.crowdfund.reservation.domain.ReservationStatus;
import org.crowdfund.reservation.domain.WaitlistStatus;
import org.crowdfund.reservation.events.ReservationEvents;
import org.crowdfund.reservation.store.InventoryStore;
import org.crowdfund.reservation.store.ReservationStore;
import org.crowdfund.reservation.store.WaitlistStore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Use cases on existing reservations: read, convert into a pledge, release, release all of an
 * abandoned checkout, extend. Each is one transaction whose changes are conditional on the row's
 * current status, so retries and races between replicas resolve to one winner.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class ReservationService {
    private final Transactions tx;
    private final ReservationStore reservations;
    private final InventoryStore inventory;
    private final WaitlistStore waitlist;
    private final SlotReturns slotReturns;
    private final ReservationEvents events;
    private final ReservationMetrics metrics;
    private final HoldPolicy policy;
    private final Clock clock;

    public ReservationService(Transactions tx, ReservationStore reservations, InventoryStore inventory,
                              WaitlistStore waitlist, SlotReturns slotReturns, ReservationEvents events,
                              ReservationMetrics metrics, ReservationSettings settings, Clock clock) {
        this.tx = tx;
        this.reservations = reservations;
        this.inventory = inventory;
        this.waitlist = waitlist;
        this.slotReturns = slotReturns;
        this.events = events;
        this.metrics = metrics;
        this.policy = settings.holdPolicy();
        this.clock = clock;
    }

    public Reservation get(Principal caller, UUID id) {
        return tx.read(() -> visible(caller, id));
    }

    public List<Reservation> list(String backerId, UUID campaignId, UUID tierId, boolean activeOnly, UUID before,
                                  int limit) {
        return tx.read(() -> reservations.list(backerId, campaignId, tierId, activeOnly, before, limit));
    }

    /** Result of Convert: the reservation and whether this pledge had converted it before. */
    public record Converted(Reservation reservation, boolean already) {
    }

    /**
     * Moves the held slots to sold for a pledge (service/admin only). Idempotent for the same
     * pledge; refused for a lapsed, released or foreign reservation. A hold found lapsed is
     * expired on the spot (and its slot passed on) before the refusal.
     */
    public Converted convert(Principal caller, UUID id, UUID pledgeId, String backerId, UUID tierId) {
        Access.requirePrivileged(caller, "Convert");
        Outcome<Converted> outcome;
        try {
            outcome = tx.write(() -> {
                Instant now = clock.instant();
                Reservation r = reservations.find(id).orElseThrow(() -> ReservationErrors.reservationNotFound(id));
                if (!r.backerId().equals(backerId)) {
                    throw ReservationErrors.mismatch(r, "belongs to another backer than the pledge's (" + backerId + ")");
                }
                if (!r.tierId().equals(tierId)) {
                    throw ReservationErrors.mismatch(r, "is for tier " + r.tierId() + ", not the pledge's tier " + tierId);
                }
                switch (r.status()) {
                    case CONVERTED -> {
                        if (pledgeId.equals(r.pledgeId())) {
                            return Outcome.of(new Converted(r, true));
                        }
                        throw ReservationErrors.mismatch(r, "was converted for pledge " + r.pledgeId()
                                + ", not " + pledgeId);
                    }
                    case RELEASED -> throw ReservationErrors.released(r);
                    case EXPIRED -> throw ReservationErrors.expired(r);
                    case ACTIVE -> {
                        if (r.lapsed(now)) {
                            slotReturns.expire(List.of(r.id()), now);
                            return Outcome.refused(ReservationErrors.expired(r));
                        }
                        Optional<Reservation> other = reservations.findByPledge(pledgeId);
                        if (other.isPresent()) {
                            throw ReservationErrors.mismatch(r, "cannot be converted for pledge " + pledgeId
                                    + ", which already converted reservation " + other.get().id());
                        }
                        Optional<Reservation> converted = reservations.convert(id, pledgeId, now);
                        if (converted.isEmpty()) {
                            throw ServiceException.aborted("RESERVATION_CHANGED", "reservation " + id
                                    + " changed while converting it; retry");
                        }
                        Reservation done = converted.get();
                        if (!inventory.sell(done.tierId(), done.queueId(), done.quantity(), now)) {
                            // rolls the conversion back: the campaign closed while the hold was active
                            throw ReservationErrors.closed(inventory.find(done.tierId()).orElseThrow());
                        }
                        if (done.isOffer()) {
                            waitlist.move(done.waitlistEntryId(), WaitlistStatus.OFFERED, WaitlistStatus.ACCEPTED, now);
                        }
                        events.converted(done);
                        tx.afterCommit(() -> metrics.converted(done));
                        return Outcome.of(new Converted(done, false));
                    }
                    default -> throw new IllegalStateException("unknown status " + r.status());
                }
            });
        } catch (Sql.DataAccessFailure e) {
            if (e.isUniqueViolation()) {
                throw ServiceException.failedPrecondition(ReservationErrors.RESERVATION_MISMATCH, "pledge " + pledgeId
                        + " converted another reservation at the same moment");
            }
            throw e;
        }
        return outcome.orThrow();
    }

    /** Result of Release: the reservation and whether it had already ended before this call. */
    public record Released(Reservation reservation, boolean alreadyEnded) {
    }

    /**
     * Returns the slots of a reservation. Backers release their own holds (reason BACKER); a
     * converted slot is released only by service/admin, when its pledge is cancelled, dropped
     * or failed (their reason as given; unspecified = ADMIN for admins, BACKER for services).
     * Idempotent: an ended reservation is returned as it is.
     */
    public Released release(Principal caller, UUID id, ReleaseReason requested) {
        boolean privileged = Access.privileged(caller);
        ReleaseReason reason = !privileged ? ReleaseReason.BACKER
                : requested != null ? requested : caller.isAdmin() ? ReleaseReason.ADMIN : ReleaseReason.BACKER;
        Outcome<Released> outcome = tx.write(() -> {
            Instant now = clock.instant();
            Reservation r = visible(caller, id);
            switch (r.status()) {
                case RELEASED, EXPIRED -> {
                    return Outcome.of(new Released(r, true));
                }
                case CONVERTED -> {
                    if (!privileged) {
                        throw ReservationErrors.converted(r);
                    }
                    return Outcome.of(releaseFrom(r, ReservationStatus.CONVERTED, reason, now));
                }
                case ACTIVE -> {
                    if (r.lapsed(now)) {
                        List<Reservation> expired = slotReturns.expire(List.of(r.id()), now);
                        return Outcome.of(new Released(expired.isEmpty() ? reload(id) : expired.get(0), true));
                    }
                    return Outcome.of(releaseFrom(r, ReservationStatus.ACTIVE, reason, now));
                }
                default -> throw new IllegalStateException("unknown status " + r.status());
            }
        });
        return outcome.orThrow();
    }

    private Released releaseFrom(Reservation r, ReservationStatus from, ReleaseReason reason, Instant now) {
        Optional<Reservation> released = reservations.release(r.id(), from, reason, now);
        if (released.isEmpty()) {
            return new Released(reload(r.id()), true);
        }
        slotReturns.released(List.of(released.get()), from, now);
        return new Released(released.get(), false);
    }

    /** Releases every active hold of a backer in a campaign (abandoned checkout). */
    public List<Reservation> releaseAll(String backerId, UUID campaignId) {
        ReleaseReason reason = ReleaseReason.ABANDONED;
        return tx.write(() -> {
            Instant now = clock.instant();
            List<Reservation> released = reservations.releaseActive(backerId, campaignId, reason, now);
            slotReturns.released(released, ReservationStatus.ACTIVE, now);
            return released;
        });
    }

    /** Result of Extend: the reservation and whether the one extension had been used before. */
    public record Extended(Reservation reservation, boolean alreadyExtended) {
    }

    /**
     * Pushes a timed hold's expiry out once, by the configured extension (default 5 min). Not
     * for hard allocations (no expiry) or holds that are no longer active.
     */
    public Extended extend(Principal caller, UUID id) {
        Outcome<Extended> outcome = tx.write(() -> {
            Instant now = clock.instant();
            Reservation r = visible(caller, id);
            switch (r.status()) {
                case RELEASED -> throw ReservationErrors.released(r);
                case EXPIRED -> throw ReservationErrors.expired(r);
                case CONVERTED -> throw ReservationErrors.converted(r);
                case ACTIVE -> {
                    if (r.expiresAt() == null) {
                        throw ReservationErrors.notExtendable(r);
                    }
                    if (r.lapsed(now)) {
                        slotReturns.expire(List.of(r.id()), now);
                        return Outcome.refused(ReservationErrors.expired(r));
                    }
                    if (r.extended()) {
                        return Outcome.of(new Extended(r, true));
                    }
                    Optional<Reservation> extended = reservations.extend(id, policy.extendedExpiry(r.expiresAt()), now);
                    if (extended.isEmpty()) {
                        throw ServiceException.aborted("RESERVATION_CHANGED", "reservation " + id
                                + " changed while extending it; retry");
                    }
                    events.extended(extended.get(), r.expiresAt());
                    return Outcome.of(new Extended(extended.get(), false));
                }
                default -> throw new IllegalStateException("unknown status " + r.status());
            }
        });
        return outcome.orThrow();
    }

    /** The reservation if the caller may see it; another backer's is reported as not found. */
    private Reservation visible(Principal caller, UUID id) {
        return reservations.find(id).filter(r -> Access.owns(caller, r.backerId()))
                .orElseThrow(() -> ReservationErrors.reservationNotFound(id));
    }

    private Reservation reload(UUID id) {
        return reservations.find(id).orElseThrow(() -> ReservationErrors.reservationNotFound(id));
    }

    /**
     * A transaction's result, or a refusal to throw only after it committed (used when the
     * transaction did useful work, such as expiring a lapsed hold, before refusing).
     */
    private record Outcome<T>(T value, ServiceException refusal) {
        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> refused(ServiceException refusal) {
            return new Outcome<>(null, refusal);
        }

        T orThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return value;
        }
    }
}
