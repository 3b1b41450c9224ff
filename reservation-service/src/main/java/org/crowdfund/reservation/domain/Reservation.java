package org.crowdfund.reservation.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One backer's claim on {@code quantity} slots of a tier.
 *
 * @param queueId   admission queue whose pool the slots came from (queue-pool tiers), else null
 * @param expiresAt when an active hold lapses; null for hard allocations, which do not lapse
 * @param extendedAt when the one extension was used, else null
 * @param waitlistEntryId set when the reservation is a waitlist offer
 */
public record Reservation(UUID id, UUID tierId, UUID campaignId, String backerId, int quantity,
                          ReservationStatus status, AllocationStrategy strategy, String queueId,
                          Instant createdAt, Instant expiresAt, Instant extendedAt, UUID pledgeId,
                          Instant convertedAt, Instant endedAt, ReleaseReason releaseReason,
                          UUID waitlistEntryId) {

    /** Active but past its expiry: the worker has not swept it yet, yet it no longer holds. */
    public boolean lapsed(Instant now) {
        return status == ReservationStatus.ACTIVE && expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Active and not lapsed: the slot is the backer's right now. */
    public boolean holds(Instant now) {
        return status == ReservationStatus.ACTIVE && !lapsed(now);
    }

    public boolean extended() {
        return extendedAt != null;
    }

    public boolean isOffer() {
        return waitlistEntryId != null;
    }
}
