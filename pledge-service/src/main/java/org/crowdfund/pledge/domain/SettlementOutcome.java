package org.crowdfund.pledge.domain;

/**
 * What settlement decides from the authoritative sum, by model (DESIGN.md); CANCELLED is not
 * decided from the sum: a campaign cancelled while active gives every pledge its money back.
 */
public enum SettlementOutcome {
    FUNDED("funded"), FAILED("failed"), PARTIALLY_FUNDED("partially_funded"), CANCELLED("cancelled");

    private final String dbValue;

    SettlementOutcome(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    /**
     * All-or-nothing: funded when the sum reaches the goal, else failed (every hold voided).
     * Keep-it-all: funded when it reaches the goal, else partially funded (the money stays).
     */
    public static SettlementOutcome decide(FundingModel model, long pledgedMinor, long goalMinor) {
        boolean reached = pledgedMinor >= goalMinor;
        return switch (model) {
            case ALL_OR_NOTHING -> reached ? FUNDED : FAILED;
            case KEEP_IT_ALL -> reached ? FUNDED : PARTIALLY_FUNDED;
        };
    }

    /**
     * Pending pledges are captured (or charged) under this outcome; under FAILED they are voided;
     * under CANCELLED they are voided and keep-it-all charges refunded.
     */
    public boolean collects() {
        return this == FUNDED || this == PARTIALLY_FUNDED;
    }

    public static SettlementOutcome fromDb(String value) {
        for (SettlementOutcome o : values()) {
            if (o.dbValue.equals(value)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown settlement outcome " + value);
    }
}
