package org.crowdfund.reservation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Slot counters of one tier. Invariant at every instant: {@code reserved + sold <= total}
 * (also a CHECK constraint). {@code total} is null for an unlimited tier, which needs no
 * reservation.
 *
 * @param requestedTotal the limit campaign-service last asked for; below total when a shrink
 *                       was clamped to reserved + sold
 * @param ttl            the campaign's hold time for this tier, already within the platform bounds
 */
public record Inventory(UUID tierId, UUID campaignId, Integer total, Integer requestedTotal, int reserved, int sold,
                        AllocationStrategy strategy, Duration ttl, long revision, Instant closedAt) {

    public boolean unlimited() {
        return total == null;
    }

    public boolean closed() {
        return closedAt != null;
    }

    /** Slots nobody holds or bought; 0 for unlimited tiers (they are not counted). */
    public int available() {
        return total == null ? 0 : Math.max(0, total - reserved - sold);
    }
}
