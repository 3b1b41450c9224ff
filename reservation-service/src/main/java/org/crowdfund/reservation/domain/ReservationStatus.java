package org.crowdfund.reservation.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Life of a reservation. A hold is ACTIVE until it is converted into a pledge, released, or
 * lapses (EXPIRED). A converted slot can still be RELEASED when its pledge is cancelled, dropped
 * or fails. Stores move rows only along these edges (conditional updates on the source states).
 */
public enum ReservationStatus {
    ACTIVE, CONVERTED, RELEASED, EXPIRED;

    public Set<ReservationStatus> next() {
        return switch (this) {
            case ACTIVE -> EnumSet.of(CONVERTED, RELEASED, EXPIRED);
            case CONVERTED -> EnumSet.of(RELEASED);
            case RELEASED, EXPIRED -> EnumSet.noneOf(ReservationStatus.class);
        };
    }

    public boolean canMoveTo(ReservationStatus target) {
        return next().contains(target);
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReservationStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
