package org.crowdfund.pledge.domain;

import java.util.Locale;

/**
 * Where a saga run is: running forward, waiting for the backer (3-D Secure), compensating after a
 * refusal, or finished one way or the other.
 */
public enum SagaState {
    RUNNING, WAITING, COMPENSATING, COMPLETED, COMPENSATED;

    public boolean isOpen() {
        return this == RUNNING || this == WAITING || this == COMPENSATING;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SagaState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
