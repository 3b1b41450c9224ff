package org.crowdfund.pledge.app.saga;

import org.crowdfund.pledge.domain.SagaKind;

import java.util.List;

/** A saga as an explicit list of steps, each with its compensation (as FTGO's saga definitions). */
public interface SagaDefinition {

    SagaKind kind();

    List<SagaStep> steps();

    /**
     * Whether a refusal turns the saga around (compensating the steps done so far). Sagas that run
     * after a committed decision (cancel, drop) only move forward: a refused step is journaled and
     * passed.
     */
    boolean compensates();

    /** Every completed step was undone: record the outcome (e.g. the pledge failed). */
    void compensated(SagaRun run, Refusal refusal);

    /** Why a saga was turned around, kept on the saga row and answered to the caller. */
    record Refusal(String code, String reason, String message, java.util.Map<String, String> metadata) {
    }
}
