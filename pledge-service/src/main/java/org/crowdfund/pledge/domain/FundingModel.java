package org.crowdfund.pledge.domain;

/** The campaign's model, as the pledge was made under it. */
public enum FundingModel {
    /** Cards are authorized; captured only if the goal is met at the deadline. */
    ALL_OR_NOTHING("all_or_nothing"),
    /** Charged at once; the creator keeps whatever is raised. */
    KEEP_IT_ALL("keep_it_all");

    private final String dbValue;

    FundingModel(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static FundingModel fromDb(String value) {
        for (FundingModel m : values()) {
            if (m.dbValue.equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown funding model " + value);
    }
}
