package org.crowdfund.pledge.clients;

import io.grpc.ManagedChannel;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.pledge.app.PledgeConfig;
import org.crowdfund.proto.reservation.v1.*;

/** reservation-service: the backer's reservation, converted for a pledge or released when it ends. */
@Singleton
public class Reservations {
    static final String SERVICE = "reservation-service";
    private static final Principal SELF = Principal.service("pledge-service");

    private final ReservationServiceGrpc.ReservationServiceBlockingStub stub;
    private final PledgeConfig config;

    public Reservations(@Named("reservation") ManagedChannel channel, PledgeConfig config) {
        this.stub = ReservationServiceGrpc.newBlockingStub(channel);
        this.config = config;
    }

    private ReservationServiceGrpc.ReservationServiceBlockingStub stub() {
        return Calls.as(stub, SELF, config.getCallDeadline());
    }

    public Reservation get(String reservationId) {
        GetReservationRequest request = GetReservationRequest.newBuilder().setReservationId(reservationId).build();
        return Downstream.call(SERVICE, () -> stub().getReservation(request)).getReservation();
    }

    public Reservation convert(String reservationId, String ledgerEntryId, String backerId, String tierId) {
        ConvertRequest request = ConvertRequest.newBuilder().setReservationId(reservationId).setPledgeId(ledgerEntryId)
                .setBackerId(backerId).setTierId(tierId).build();
        return Downstream.call(SERVICE, () -> stub().convert(request)).getReservation();
    }

    /** Idempotent: releasing an ended reservation changes nothing. */
    public void release(String reservationId, ReleaseReason reason) {
        ReleaseRequest request = ReleaseRequest.newBuilder().setReservationId(reservationId).setReason(reason).build();
        Downstream.call(SERVICE, () -> stub().release(request));
    }
}
