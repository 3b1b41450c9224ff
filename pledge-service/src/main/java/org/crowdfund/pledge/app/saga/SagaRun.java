package org.crowdfund.pledge.app.saga;

import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.store.SagaStore;

import java.time.Instant;

/** What a step sees: the saga row, the pledge as it is now (re-read before every step), and the time. */
public record SagaRun(SagaStore.Saga saga, Pledge pledge, Instant now) {

    /** The idempotency key of a payment operation of this pledge, e.g. "0192...:hold-1". */
    public String key(String operation) {
        return pledge.id() + ":" + operation;
    }
}
