package org.crowdfund.pledge.app.saga;

/**
 * One step of a saga and its compensation. Both are idempotent: a step re-run after a crash
 * repeats its calls with the same idempotency keys and gets the same answers, so it may run more
 * than once but acts once.
 */
public interface SagaStep {

    enum Result {
        /** Done; the saga moves on. */
        DONE,
        /** The backer must act (3-D Secure); the saga waits, then runs this step again. */
        WAIT_FOR_BACKER
    }

    String name();

    /**
     * Runs the step. A {@link org.crowdfund.platform.grpc.ServiceException} is a refusal (the step
     * had no effect) and turns the saga around; a
     * {@link org.crowdfund.pledge.clients.Downstream.TransientFailure} leaves it to be retried.
     */
    Result run(SagaRun run);

    /** Undoes what {@link #run} did (or may have done, when the saga was abandoned while it waited). */
    void compensate(SagaRun run);
}
