package org.crowdfund.reservation.domain;

import java.util.UUID;

/** The share of a queue-pool tier's slots set aside for one admission queue. */
public record Pool(UUID tierId, String queueId, int size, int reserved, int sold) {
    public int available() {
        return Math.max(0, size - reserved - sold);
    }
}
