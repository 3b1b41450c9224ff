package org.crowdfund.notification.domain;

/**
 * A pledge as this service's backer projection sees it, from pledge events. Events of one pledge
 * may arrive out of order (replicas share a consumer, failures are redelivered later), so the
 * projection keeps the newest one by the envelope's aggregate version and drops older ones
 * (store/BackingStore). For events without a version (0, published before versions existed) it
 * falls back to (event time, rank): the rank breaks ties between events stamped with the same
 * instant, a later step of the pledge's life winning, following pledge-service's state machine
 * ({@code pending -> captured | voided | cancelled | payment_failed},
 * {@code payment_failed -> captured | dropped}, {@code captured -> refunded}).
 */
public enum PledgeState {
    PENDING(1, true),
    PAYMENT_FAILED(2, true),
    CAPTURED(3, true),
    VOIDED(4, false),
    CANCELLED(4, false),
    DROPPED(4, false),
    REFUNDED(5, false);

    private final int rank;
    private final boolean backing;

    PledgeState(int rank, boolean backing) {
        this.rank = rank;
        this.backing = backing;
    }

    public int rank() {
        return rank;
    }

    /** True while the backer still backs the campaign with this pledge. */
    public boolean backing() {
        return backing;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
