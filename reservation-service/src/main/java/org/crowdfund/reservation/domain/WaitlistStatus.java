package org.crowdfund.reservation.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Life of a waitlist entry: WAITING in line, then OFFERED a freed slot (a reservation with its
 * own expiry), which the backer converts (ACCEPTED), gives back (DECLINED) or lets lapse
 * (LAPSED, and the slot passes to the next in line). LEFT and CLOSED end an entry early.
 */
public enum WaitlistStatus {
    WAITING, OFFERED, ACCEPTED, DECLINED, LAPSED, LEFT, CLOSED;

    public Set<WaitlistStatus> next() {
        return switch (this) {
            case WAITING -> EnumSet.of(OFFERED, LEFT, CLOSED);
            case OFFERED -> EnumSet.of(ACCEPTED, DECLINED, LAPSED, CLOSED);
            case ACCEPTED, DECLINED, LAPSED, LEFT, CLOSED -> EnumSet.noneOf(WaitlistStatus.class);
        };
    }

    public boolean canMoveTo(WaitlistStatus target) {
        return next().contains(target);
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WaitlistStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
