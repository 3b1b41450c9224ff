package org.crowdfund.pledge.app;

import jakarta.inject.Singleton;
import org.crowdfund.pledge.app.saga.SagaDefinition;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.app.steps.ReleaseCampaignTotalStep;
import org.crowdfund.pledge.app.steps.ReleasePaymentStep;
import org.crowdfund.pledge.app.steps.ReleaseSlotStep;
import org.crowdfund.pledge.domain.SagaKind;

import java.util.List;

/**
 * What follows a committed cancel or drop, retried until done: release_payment (void the hold,
 * refund a keep-it-all charge when decided), release_campaign_total (ReleasePledge),
 * release_slot (a converted reservation back to the tier and its waitlist).
 */
@Singleton
public class ReleasePledgeSaga implements SagaDefinition {
    private final List<SagaStep> steps;

    public ReleasePledgeSaga(ReleasePaymentStep payment, ReleaseCampaignTotalStep total, ReleaseSlotStep slot) {
        this.steps = List.of(payment, total, slot);
    }

    @Override
    public SagaKind kind() {
        return SagaKind.RELEASE;
    }

    @Override
    public List<SagaStep> steps() {
        return steps;
    }

    @Override
    public boolean compensates() {
        return false;
    }

    @Override
    public void compensated(SagaRun run, Refusal refusal) {
        throw new IllegalStateException("a release saga never compensates");
    }
}
