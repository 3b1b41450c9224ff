package org.crowdfund.pledge.app;

import jakarta.inject.Singleton;
import org.crowdfund.pledge.app.saga.SagaDefinition;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.app.steps.ConfirmPledgeStep;
import org.crowdfund.pledge.app.steps.ConvertReservationStep;
import org.crowdfund.pledge.app.steps.PledgePaymentStep;
import org.crowdfund.pledge.app.steps.RecordPledgeStep;
import org.crowdfund.pledge.app.steps.SaveCardStep;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.domain.SagaKind;
import org.crowdfund.pledge.store.PledgeStore;

import java.util.List;

/**
 * The CreatePledge saga after validation (which has no effect to undo and runs before the pledge
 * is stored, so a refused request leaves nothing behind):
 * <ol>
 *   <li>save_card: SetupIntent for off-session use (compensation: none, no money moved);</li>
 *   <li>hold_or_charge: per payment timing (compensation: void the hold / refund the charge);</li>
 *   <li>convert_reservation: limited tiers (compensation: release the slot);</li>
 *   <li>record_pledge: campaign total, milestones (compensation: ReleasePledge);</li>
 *   <li>confirm: pending or captured, PledgeCreated through the outbox.</li>
 * </ol>
 * When every completed step was undone the pledge is {@code failed} with the refusal's reason.
 */
@Singleton
public class CreatePledgeSaga implements SagaDefinition {
    private final List<SagaStep> steps;
    private final PledgeStore pledges;

    public CreatePledgeSaga(SaveCardStep saveCard, PledgePaymentStep payment, ConvertReservationStep convert,
                            RecordPledgeStep record, ConfirmPledgeStep confirm, PledgeStore pledges) {
        this.steps = List.of(saveCard, payment, convert, record, confirm);
        this.pledges = pledges;
    }

    @Override
    public SagaKind kind() {
        return SagaKind.CREATE;
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
        Pledge p = pledges.lock(run.pledge().id()).orElseThrow();
        if (p.status().canMoveTo(PledgeStatus.FAILED)) {
            pledges.transition(p.id(), p.status(), PledgeStatus.FAILED, run.now());
        }
        pledges.set(p.id(), run.now(), "failure_reason = ?, decline_code = ?, failure_message = ?, action_url = NULL, "
                        + "action_client_secret = NULL", refusal.reason(), refusal.metadata().getOrDefault("decline_code", ""),
                refusal.message());
    }
}
