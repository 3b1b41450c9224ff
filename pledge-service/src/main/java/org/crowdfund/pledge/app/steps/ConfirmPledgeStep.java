package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.domain.FundingModel;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.events.PledgeEvents;
import org.crowdfund.pledge.store.PledgeStore;


/** The last step: the pledge becomes pending (all-or-nothing) or captured (keep-it-all), and PledgeCreated goes out with it. */
@Singleton
public class ConfirmPledgeStep implements SagaStep {
    private final PledgeStore pledges;
    private final PledgeEvents events;
    private final Transactions tx;

    public ConfirmPledgeStep(PledgeStore pledges, PledgeEvents events, Transactions tx) {
        this.pledges = pledges;
        this.events = events;
        this.tx = tx;
    }

    @Override
    public String name() {
        return "confirm";
    }

    @Override
    public Result run(SagaRun run) {
        PledgeStatus target = run.pledge().fundingModel() == FundingModel.KEEP_IT_ALL ? PledgeStatus.CAPTURED : PledgeStatus.PENDING;
        tx.write(() -> {
            Pledge p = pledges.lock(run.pledge().id()).orElseThrow();
            if (p.status() == PledgeStatus.AUTHORIZING && pledges.transition(p.id(), p.status(), target, run.now())) {
                events.created(p, target, run.now());
            }
            return null;
        });
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        // the last step: nothing after it can refuse
    }
}
