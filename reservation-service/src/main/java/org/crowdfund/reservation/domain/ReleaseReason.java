package org.crowdfund.reservation.domain;

import java.util.Locale;

/** Why a slot went back to the inventory (expiry is a status of its own, not a release). */
public enum ReleaseReason {
    BACKER, ABANDONED, PLEDGE_FAILED, PLEDGE_CANCELLED, PLEDGE_DROPPED, CAMPAIGN_CANCELLED, CAMPAIGN_ENDED, ADMIN,
    OFFER_DECLINED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReleaseReason fromDb(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
