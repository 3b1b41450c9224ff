package org.crowdfund.reservation.domain;

import java.util.Locale;

/** How a tier hands out its slots (docs/reservations.md, "Strategies"). */
public enum AllocationStrategy {
    /** Timed hold that lapses at its expiry and may be extended once (the default). */
    SOFT,
    /** Firm allocation without a timer: held until converted or explicitly released. */
    HARD,
    /** Slots split into one pool per admission queue; a hold draws from its queue's pool only. */
    QUEUE_POOLS;

    /** Whether holds of this strategy lapse on their own (waitlist offers always do). */
    public boolean timed() {
        return this != HARD;
    }

    public boolean pooled() {
        return this == QUEUE_POOLS;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AllocationStrategy fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
