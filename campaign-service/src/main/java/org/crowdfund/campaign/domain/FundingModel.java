package org.crowdfund.campaign.domain;

import java.util.Locale;

public enum FundingModel {
    /** Cards are authorized; captured only if the goal is met at the deadline. */
    ALL_OR_NOTHING,
    /** Charged at once; the creator keeps whatever is raised. */
    KEEP_IT_ALL;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FundingModel fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
