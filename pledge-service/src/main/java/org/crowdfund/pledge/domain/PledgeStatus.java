package org.crowdfund.pledge.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A pledge's life (DESIGN.md, plus requires_action, payment_failed, dropped, refunded, failed):
 * <pre>
 * authorizing -> requires_action | pending | captured | failed
 * requires_action -> authorizing | pending | captured | failed
 * pending -> captured | voided | cancelled | payment_failed
 * payment_failed -> captured | dropped
 * captured -> refunded | cancelled (keep-it-all, refunded on cancel)
 * </pre>
 * cancelled, voided, dropped, refunded and failed are final.
 */
public enum PledgeStatus {
    AUTHORIZING, REQUIRES_ACTION, PENDING, CAPTURED, CANCELLED, VOIDED, PAYMENT_FAILED, DROPPED, REFUNDED, FAILED;

    private Set<PledgeStatus> next;

    static {
        AUTHORIZING.next = EnumSet.of(REQUIRES_ACTION, PENDING, CAPTURED, FAILED);
        REQUIRES_ACTION.next = EnumSet.of(AUTHORIZING, PENDING, CAPTURED, FAILED);
        PENDING.next = EnumSet.of(CAPTURED, VOIDED, CANCELLED, PAYMENT_FAILED);
        PAYMENT_FAILED.next = EnumSet.of(CAPTURED, DROPPED);
        CAPTURED.next = EnumSet.of(REFUNDED, CANCELLED);
        CANCELLED.next = EnumSet.noneOf(PledgeStatus.class);
        VOIDED.next = EnumSet.noneOf(PledgeStatus.class);
        DROPPED.next = EnumSet.noneOf(PledgeStatus.class);
        REFUNDED.next = EnumSet.noneOf(PledgeStatus.class);
        FAILED.next = EnumSet.noneOf(PledgeStatus.class);
    }

    public boolean canMoveTo(PledgeStatus target) {
        return next.contains(target);
    }

    public boolean isFinal() {
        return next.isEmpty();
    }

    /** Counted in the campaign's authoritative sum (DESIGN: "non-cancelled pledges"). */
    public boolean counts() {
        return this == PENDING || this == CAPTURED || this == PAYMENT_FAILED;
    }

    /** Still in the saga: not yet counted, not yet refused. */
    public boolean inFlight() {
        return this == AUTHORIZING || this == REQUIRES_ACTION;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PledgeStatus fromDb(String value) {
        return Arrays.stream(values()).filter(s -> s.dbValue().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown pledge status " + value));
    }
}
