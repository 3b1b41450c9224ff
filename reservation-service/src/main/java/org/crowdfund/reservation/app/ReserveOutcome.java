package org.crowdfund.reservation.app;

import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.reservation.domain.Reservation;

/** What one Reserve of a batch got: a reservation (new or the backer's existing one) or a refusal. */
public record ReserveOutcome(Reservation reservation, boolean existing, ServiceException refusal) {
    static ReserveOutcome created(Reservation r) {
        return new ReserveOutcome(r, false, null);
    }

    static ReserveOutcome existing(Reservation r) {
        return new ReserveOutcome(r, true, null);
    }

    static ReserveOutcome refused(ServiceException e) {
        return new ReserveOutcome(null, false, e);
    }

    /** The reservation, or the refusal thrown. */
    public Reservation orThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return reservation;
    }
}
