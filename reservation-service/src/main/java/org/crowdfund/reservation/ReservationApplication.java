package org.crowdfund.reservation;

import io.micronaut.runtime.Micronaut;

/** reservation-service: reward slot inventory, timed holds, waitlists, expiry and reconciliation. */
public final class ReservationApplication {
    private ReservationApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ReservationApplication.class, args);
    }
}
