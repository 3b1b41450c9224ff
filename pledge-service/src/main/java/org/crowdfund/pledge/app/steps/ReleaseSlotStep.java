package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Reservations;
import org.crowdfund.proto.reservation.v1.ReleaseReason;

/** After a cancel, a drop or the campaign's cancellation: the converted slot goes back to the tier (and on to the waitlist). */
@Singleton
public class ReleaseSlotStep implements SagaStep {
    private final Reservations reservations;

    public ReleaseSlotStep(Reservations reservations) {
        this.reservations = reservations;
    }

    @Override
    public String name() {
        return "release_slot";
    }

    @Override
    public Result run(SagaRun run) {
        if (run.pledge().reservationId() != null) {
            String params = run.saga().params();
            reservations.release(run.pledge().reservationId().toString(),
                    params.contains("campaign_cancelled") ? ReleaseReason.RELEASE_REASON_CAMPAIGN_CANCELLED
                            : params.contains("dropped") ? ReleaseReason.RELEASE_REASON_PLEDGE_DROPPED
                            : ReleaseReason.RELEASE_REASON_PLEDGE_CANCELLED);
        }
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        // forward only
    }
}
