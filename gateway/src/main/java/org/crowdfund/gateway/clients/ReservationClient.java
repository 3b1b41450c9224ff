package org.crowdfund.gateway.clients;

import com.google.common.util.concurrent.ListenableFuture;
import jakarta.inject.Singleton;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.proto.reservation.v1.ExtendRequest;
import org.crowdfund.proto.reservation.v1.ExtendResponse;
import org.crowdfund.proto.reservation.v1.GetAvailabilityRequest;
import org.crowdfund.proto.reservation.v1.GetAvailabilityResponse;
import org.crowdfund.proto.reservation.v1.GetReservationRequest;
import org.crowdfund.proto.reservation.v1.GetReservationResponse;
import org.crowdfund.proto.reservation.v1.GetWaitlistEntryRequest;
import org.crowdfund.proto.reservation.v1.JoinWaitlistRequest;
import org.crowdfund.proto.reservation.v1.JoinWaitlistResponse;
import org.crowdfund.proto.reservation.v1.LeaveWaitlistRequest;
import org.crowdfund.proto.reservation.v1.ListReservationsRequest;
import org.crowdfund.proto.reservation.v1.ListReservationsResponse;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.proto.reservation.v1.ReleaseResponse;
import org.crowdfund.proto.reservation.v1.ReservationServiceGrpc;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.proto.reservation.v1.ReserveResponse;
import org.crowdfund.proto.reservation.v1.WaitlistEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * reservation-service, as the REST API uses it: a backer's own holds and waitlist entries (the
 * caller is the backer; the service refuses anyone else's), and the slot counts campaign pages
 * show. Convert, ReleaseAll and the inventory admin calls are for pledge-service and operators.
 */
@Singleton
public class ReservationClient {
    static final String SERVICE = "reservation";
    /** GetAvailability's limit per call (reservation.v1). */
    static final int MAX_TIERS_PER_CALL = 200;

    private final GrpcChannels channels;
    private final GrpcConfiguration config;
    private final ReservationServiceGrpc.ReservationServiceBlockingStub stub;
    private final ReservationServiceGrpc.ReservationServiceFutureStub async;

    public ReservationClient(GrpcChannels channels, GrpcConfiguration config) {
        this.channels = channels;
        this.config = config;
        var channel = channels.open(SERVICE, ReservationServiceGrpc.getServiceDescriptor());
        this.stub = ReservationServiceGrpc.newBlockingStub(channel);
        this.async = ReservationServiceGrpc.newFutureStub(channel);
    }

    public ReserveResponse reserve(Caller caller, ReserveRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.reserve(request));
    }

    public GetReservationResponse get(Caller caller, String reservationId) {
        GetReservationRequest request = GetReservationRequest.newBuilder().setReservationId(reservationId).build();
        return channels.call(SERVICE, stub, caller, s -> s.getReservation(request));
    }

    public ListReservationsResponse list(Caller caller, ListReservationsRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.listReservations(request));
    }

    public ReleaseResponse release(Caller caller, String reservationId) {
        ReleaseRequest request = ReleaseRequest.newBuilder().setReservationId(reservationId).build();
        return channels.call(SERVICE, stub, caller, s -> s.release(request));
    }

    public ExtendResponse extend(Caller caller, String reservationId) {
        ExtendRequest request = ExtendRequest.newBuilder().setReservationId(reservationId).build();
        return channels.call(SERVICE, stub, caller, s -> s.extend(request));
    }

    public JoinWaitlistResponse joinWaitlist(Caller caller, JoinWaitlistRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.joinWaitlist(request));
    }

    public WaitlistEntry leaveWaitlist(Caller caller, String entryId) {
        LeaveWaitlistRequest request = LeaveWaitlistRequest.newBuilder().setEntryId(entryId).build();
        return channels.call(SERVICE, stub, caller, s -> s.leaveWaitlist(request)).getEntry();
    }

    public WaitlistEntry waitlistEntry(Caller caller, String entryId) {
        GetWaitlistEntryRequest request = GetWaitlistEntryRequest.newBuilder().setEntryId(entryId).build();
        return channels.call(SERVICE, stub, caller, s -> s.getWaitlistEntry(request)).getEntry();
    }

    /**
     * Starts asking for the slot counts of {@code tierIds} and, when given, of every tier of
     * {@code campaignId}, without waiting: the caller makes its other calls meanwhile and then
     * {@linkplain AvailabilityLookup#await() awaits} the answer. One call, with its own short
     * deadline; only a page of more than 200 limited tiers is split into parallel calls.
     */
    public AvailabilityLookup availability(Caller caller, Collection<String> tierIds, String campaignId) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(tierIds));
        if (ids.isEmpty() && campaignId == null) {
            return AvailabilityLookup.nothingToAsk();
        }
        List<ListenableFuture<GetAvailabilityResponse>> calls = new ArrayList<>();
        int from = 0;
        do {
            GetAvailabilityRequest.Builder request = GetAvailabilityRequest.newBuilder()
                    .addAllTierIds(ids.subList(from, Math.min(ids.size(), from + MAX_TIERS_PER_CALL)));
            if (campaignId != null && from == 0) {
                request.setCampaignId(campaignId);
            }
            calls.add(channels.prepare(async, caller, config.getAvailabilityDeadline()).getAvailability(request.build()));
            from += MAX_TIERS_PER_CALL;
        } while (from < ids.size());
        return new AvailabilityLookup(calls, config.getAvailabilityDeadline(), caller.requestId());
    }
}
