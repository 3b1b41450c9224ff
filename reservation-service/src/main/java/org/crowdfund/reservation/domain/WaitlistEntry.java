package org.crowdfund.reservation.domain;

import java.time.Instant;
import java.util.UUID;

/** A backer in line for a sold-out tier; ordered by id (time-ordered UUIDs). */
public record WaitlistEntry(UUID id, UUID tierId, UUID campaignId, String backerId, int quantity, String queueId,
                            WaitlistStatus status, Instant joinedAt, Instant offeredAt, UUID reservationId,
                            Instant endedAt) {
}
