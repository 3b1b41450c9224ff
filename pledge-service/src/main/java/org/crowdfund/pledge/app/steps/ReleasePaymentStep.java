package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Payments;
import org.crowdfund.pledge.domain.Pledge;

/**
 * After a cancel or drop: the hold is voided; a keep-it-all charge is refunded when the cancel
 * decided so (saga params "refund"). Voiding a hold that already lapsed or was voided changes nothing.
 * After a campaign's cancellation the money was given back already ("campaign_cancelled").
 */
@Singleton
public class ReleasePaymentStep implements SagaStep {
    private final Payments payments;

    public ReleasePaymentStep(Payments payments) {
        this.payments = payments;
    }

    @Override
    public String name() {
        return "release_payment";
    }

    @Override
    public Result run(SagaRun run) {
        Pledge p = run.pledge();
        if (run.saga().params().contains("campaign_cancelled")) {
            // settlement of the cancelled campaign voided or refunded it before starting this saga
            return Result.DONE;
        }
        if (p.holdPaymentId() != null) {
            payments.voidHold(run.key("release-hold-" + p.holdSeq()), p.holdPaymentId());
        }
        if (p.chargePaymentId() != null && run.saga().params().contains("refund")) {
            payments.refund(run.key("refund-" + p.chargeSeq()), p.chargePaymentId());
        }
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        // forward only
    }
}
