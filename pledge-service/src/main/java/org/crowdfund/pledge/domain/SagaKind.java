package org.crowdfund.pledge.domain;

import java.util.Locale;

/**
 * The sagas pledge-service runs on a pledge. CREATE compensates on refusal; the others only move
 * forward (their decision is already committed) and are retried until every step is done.
 */
public enum SagaKind {
    /** CreatePledge: card, hold or charge, slot, campaign total, PledgeCreated. */
    CREATE,
    /** After a cancel or drop was committed: release the payment, the campaign total and the slot. */
    RELEASE,
    /** ChangePledge: new authorization, slot and total first, then the old ones released. */
    CHANGE;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SagaKind fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
