package org.crowdfund.pledge.app;

import jakarta.inject.Singleton;
import org.crowdfund.pledge.app.saga.SagaDefinition;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.app.steps.ChangeApplyStep;
import org.crowdfund.pledge.app.steps.ChangeAuthorizeStep;
import org.crowdfund.pledge.app.steps.ChangeReleaseOldStep;
import org.crowdfund.pledge.app.steps.ChangeSlotAndTotalStep;
import org.crowdfund.pledge.domain.SagaKind;

import java.util.List;

/**
 * ChangePledge: change_authorize (new hold or charge; undo: void/refund it), change_slot_and_total
 * (new reservation converted, new revision recorded; undo: both released), change_apply (the
 * pledge switches, PledgeChanged), change_release_old (old authorization voided, old revision
 * released, an old slot the new tier does not need released). A refusal before change_apply
 * leaves the pledge as it was.
 */
@Singleton
public class ChangePledgeSaga implements SagaDefinition {
    private final List<SagaStep> steps;

    public ChangePledgeSaga(ChangeAuthorizeStep authorize, ChangeSlotAndTotalStep slotAndTotal, ChangeApplyStep apply,
                            ChangeReleaseOldStep releaseOld) {
        this.steps = List.of(authorize, slotAndTotal, apply, releaseOld);
    }

    @Override
    public SagaKind kind() {
        return SagaKind.CHANGE;
    }

    @Override
    public List<SagaStep> steps() {
        return steps;
    }

    @Override
    public boolean compensates() {
        return true;
    }

    @Override
    public void compensated(SagaRun run, Refusal refusal) {
        // the pledge was never switched: it stays as it was
    }
}
