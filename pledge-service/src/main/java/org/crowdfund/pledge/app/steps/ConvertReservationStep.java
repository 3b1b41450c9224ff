package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Reservations;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.proto.reservation.v1.ReleaseReason;

/**
 * A limited tier: the backer's reservation becomes the pledge's slot (Convert, idempotent per
 * ledger entry). Refused when it lapsed or is someone else's. Compensation: the slot is released
 * (and offered to the waitlist).
 */
@Singleton
public class ConvertReservationStep implements SagaStep {
    private final Reservations reservations;

    public ConvertReservationStep(Reservations reservations) {
        this.reservations = reservations;
    }

    @Override
    public String name() {
        return "convert_reservation";
    }

    @Override
    public Result run(SagaRun run) {
        Pledge p = run.pledge();
        if (p.reservationId() != null) {
            reservations.convert(p.reservationId().toString(), p.ledgerEntryId().toString(), p.backerId(), p.tierId().toString());
        }
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        Pledge p = run.pledge();
        if (p.reservationId() != null) {
            reservations.release(p.reservationId().toString(), ReleaseReason.RELEASE_REASON_PLEDGE_FAILED);
        }
    }
}
