package org.crowdfund.payment.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A payment's life. Provider answers and webhooks arrive late, duplicated and out of order, so a
 * payment only ever moves along these transitions (an acyclic graph): a late {@code authorized}
 * never overwrites {@code succeeded} or {@code canceled}. Every transition is listed here and
 * nowhere else.
 *
 * <pre>
 * pending -> requires_action | authorized | succeeded | canceled | expired | failed
 * requires_action -> authorized | succeeded | canceled | failed
 * authorized -> succeeded | canceled | expired | failed (declined at capture)
 * succeeded -> partially_refunded | refunded
 * partially_refunded -> refunded
 * </pre>
 */
public enum PaymentStatus {
    PENDING, REQUIRES_ACTION, AUTHORIZED, SUCCEEDED, PARTIALLY_REFUNDED, REFUNDED, CANCELED, EXPIRED, FAILED;

    private Set<PaymentStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(REQUIRES_ACTION, AUTHORIZED, SUCCEEDED, CANCELED, EXPIRED, FAILED);
            case REQUIRES_ACTION -> EnumSet.of(AUTHORIZED, SUCCEEDED, CANCELED, FAILED);
            case AUTHORIZED -> EnumSet.of(SUCCEEDED, CANCELED, EXPIRED, FAILED);
            case SUCCEEDED -> EnumSet.of(PARTIALLY_REFUNDED, REFUNDED);
            case PARTIALLY_REFUNDED -> EnumSet.of(REFUNDED);
            case REFUNDED, CANCELED, EXPIRED, FAILED -> EnumSet.noneOf(PaymentStatus.class);
        };
    }

    public boolean canMoveTo(PaymentStatus target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** Money was taken and may be (partly) refunded. */
    public boolean isCollected() {
        return this == SUCCEEDED || this == PARTIALLY_REFUNDED;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
