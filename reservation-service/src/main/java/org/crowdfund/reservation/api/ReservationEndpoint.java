package org.crowdfund.reservation.api;

import io.grpc.stub.StreamObserver;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.CallContext;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.proto.reservation.v1.ConfigureInventoryRequest;
import org.crowdfund.proto.reservation.v1.ConfigureInventoryResponse;
import org.crowdfund.proto.reservation.v1.ConvertRequest;
import org.crowdfund.proto.reservation.v1.ConvertResponse;
import org.crowdfund.proto.reservation.v1.ExtendRequest;
import org.crowdfund.proto.reservation.v1.ExtendResponse;
import org.crowdfund.proto.reservation.v1.GetAvailabilityRequest;
import org.crowdfund.proto.reservation.v1.GetAvailabilityResponse;
import org.crowdfund.proto.reservation.v1.GetInventoryRequest;
import org.crowdfund.proto.reservation.v1.GetInventoryResponse;
import org.crowdfund.proto.reservation.v1.GetReservationRequest;
import org.crowdfund.proto.reservation.v1.GetReservationResponse;
import org.crowdfund.proto.reservation.v1.GetWaitlistEntryRequest;
import org.crowdfund.proto.reservation.v1.GetWaitlistEntryResponse;
import org.crowdfund.proto.reservation.v1.JoinWaitlistRequest;
import org.crowdfund.proto.reservation.v1.JoinWaitlistResponse;
import org.crowdfund.proto.reservation.v1.LeaveWaitlistRequest;
import org.crowdfund.proto.reservation.v1.LeaveWaitlistResponse;
import org.crowdfund.proto.reservation.v1.ListReservationsRequest;
import org.crowdfund.proto.reservation.v1.ListReservationsResponse;
import org.crowdfund.proto.reservation.v1.ReconcileRequest;
import org.crowdfund.proto.reservation.v1.ReconcileResponse;
import org.crowdfund.proto.reservation.v1.ReleaseAllRequest;
import org.crowdfund.proto.reservation.v1.ReleaseAllResponse;
import org.crowdfund.proto.reservation.v1.ReleaseReason;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.proto.reservation.v1.ReleaseResponse;
import org.crowdfund.proto.reservation.v1.ReservationServiceGrpc;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.proto.reservation.v1.ReserveResponse;
import org.crowdfund.proto.reservation.v1.TierAvailability;
import org.crowdfund.proto.reservation.v1.TierDrift;
import org.crowdfund.reservation.app.Access;
import org.crowdfund.reservation.app.InventoryService;
import org.crowdfund.reservation.app.ReconciliationJob;
import org.crowdfund.reservation.app.ReservationService;
import org.crowdfund.reservation.app.ReservationSettings;
import org.crowdfund.reservation.app.ReserveCoalescer;
import org.crowdfund.reservation.app.ReserveCommand;
import org.crowdfund.reservation.app.ReserveOutcome;
import org.crowdfund.reservation.app.WaitlistService;
import org.crowdfund.reservation.domain.AllocationStrategy;
import org.crowdfund.reservation.domain.HoldPolicy;
import org.crowdfund.reservation.domain.Pool;
import org.crowdfund.reservation.domain.Reservation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** gRPC surface of reservation-service: validates and maps requests; the rules live in app. */
@Singleton
@Requires(property = "datasources.default.url")
public class ReservationEndpoint extends ReservationServiceGrpc.ReservationServiceImplBase {
    private static final int MAX_BACKER_ID = 200;

    private final ReserveCoalescer coalescer;
    private final ReservationService reservations;
    private final WaitlistService waitlist;
    private final InventoryService inventory;
    private final ReconciliationJob reconciliation;
    private final ReservationSettings settings;
    private final HoldPolicy policy;
    private final Clock clock;

    public ReservationEndpoint(ReserveCoalescer coalescer, ReservationService reservations, WaitlistService waitlist,
                               InventoryService inventory, ReconciliationJob reconciliation,
                               ReservationSettings settings, Clock clock) {
        this.coalescer = coalescer;
        this.reservations = reservations;
        this.waitlist = waitlist;
        this.inventory = inventory;
        this.reconciliation = reconciliation;
        this.settings = settings;
        this.policy = settings.holdPolicy();
        this.clock = clock;
    }

    @Override
    public void reserve(ReserveRequest request, StreamObserver<ReserveResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Violations v = new Violations();
        UUID tierId = requiredId(v, "tier_id", request.getTierId());
        UUID campaignId = optionalId(v, "campaign_id", request.getCampaignId());
        checkQuantity(v, request.getQuantity());
        v.check(request.getTtlSeconds() >= 0 && request.getTtlSeconds() <= settings.getMaxTtl().toSeconds(),
                "ttl_seconds", "must be 0 (the campaign's hold time) or between " + settings.getMinTtl().toSeconds()
                        + " and the campaign's hold time (at most " + settings.getMaxTtl().toSeconds() + ") seconds");
        String queueId = optionalQueue(v, request.getQueueId());
        checkBackerId(v, request.getBackerId());
        v.throwIfAny();
        String backer = Access.actingBacker(caller, request.getBackerId());
        ReserveOutcome outcome = coalescer.reserve(new ReserveCommand(tierId, campaignId, backer, request.getQuantity(),
                request.getTtlSeconds(), queueId));
        Reservation r = outcome.orThrow();
        reply(response, ReserveResponse.newBuilder().setReservation(ProtoMapping.reservation(r))
                .setExisting(outcome.existing()).setServerTime(timestamp(clock.instant())).build());
    }

    @Override
    public void getReservation(GetReservationRequest request, StreamObserver<GetReservationResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        UUID id = single("reservation_id", request.getReservationId());
        reply(response, GetReservationResponse.newBuilder()
                .setReservation(ProtoMapping.reservation(reservations.get(caller, id)))
                .setServerTime(timestamp(clock.instant())).build());
    }

    @Override
    public void listReservations(ListReservationsRequest request, StreamObserver<ListReservationsResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Violations v = new Violations();
        UUID campaignId = optionalId(v, "campaign_id", request.getCampaignId());
        UUID tierId = optionalId(v, "tier_id", request.getTierId());
        v.check(request.getPageSize() >= 0 && request.getPageSize() <= 100, "page_size", "must be between 1 and 100 (0 = 20)");
        UUID before = null;
        if (!request.getPageToken().isEmpty()) {
            before = decodePageToken(request.getPageToken()).orElse(null);
            v.check(before != null, "page_token", "is not a token from a previous response");
        }
        checkBackerId(v, request.getBackerId());
        v.throwIfAny();
        String backer = Access.actingBacker(caller, request.getBackerId());
        int size = request.getPageSize() == 0 ? 20 : request.getPageSize();
        List<Reservation> page = reservations.list(backer, campaignId, tierId, request.getActiveOnly(), before, size + 1);
        var b = ListReservationsResponse.newBuilder();
        page.stream().limit(size).forEach(r -> b.addReservations(ProtoMapping.reservation(r)));
        if (page.size() > size) {
            b.setNextPageToken(encodePageToken(page.get(size - 1).id()));
        }
        reply(response, b.build());
    }

    @Override
    public void convert(ConvertRequest request, StreamObserver<ConvertResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Violations v = new Violations();
        UUID id = requiredId(v, "reservation_id", request.getReservationId());
        UUID pledgeId = requiredId(v, "pledge_id", request.getPledgeId());
        UUID tierId = requiredId(v, "tier_id", request.getTierId());
        v.check(!request.getBackerId().isBlank(), "backer_id", "the pledge's backer is required");
        checkBackerId(v, request.getBackerId());
        v.throwIfAny();
        ReservationService.Converted converted = reservations.convert(caller, id, pledgeId, request.getBackerId(), tierId);
        reply(response, ConvertResponse.newBuilder().setReservation(ProtoMapping.reservation(converted.reservation()))
                .setAlreadyConverted(converted.already()).build());
    }

    @Override
    public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Violations v = new Violations();
        UUID id = requiredId(v, "reservation_id", request.getReservationId());
        org.crowdfund.reservation.domain.ReleaseReason reason = ProtoMapping.releaseReason(request.getReason());
        v.check(request.getReason() == ReleaseReason.RELEASE_REASON_UNSPECIFIED || reason != null, "reason",
                "is not a known release reason");
        v.throwIfAny();
        ReservationService.Released released = reservations.release(caller, id, reason);
        reply(response, ReleaseResponse.newBuilder().setReservation(ProtoMapping.reservation(released.reservation()))
                .setAlreadyEnded(released.alreadyEnded()).build());
    }

    @Override
    public void releaseAll(ReleaseAllRequest request, StreamObserver<ReleaseAllResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Violations v = new Violations();
        UUID campaignId = requiredId(v, "campaign_id", request.getCampaignId());
        checkBackerId(v, request.getBackerId());
        v.throwIfAny();
        String backer = Access.actingBacker(caller, request.getBackerId());
        var b = ReleaseAllResponse.newBuilder();
        reservations.releaseAll(backer, campaignId).forEach(r -> b.addReleased(ProtoMapping.reservation(r)));
        reply(response, b.build());
    }

    @Override
    public void extend(ExtendRequest request, StreamObserver<ExtendResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        UUID id = single("reservation_id", request.getReservationId());
        ReservationService.Extended extended = reservations.extend(caller, id);
        reply(response, ExtendResponse.newBuilder().setReservation(ProtoMapping.reservation(extended.reservation()))
                .setAlreadyExtended(extended.alreadyExtended()).setServerTime(timestamp(clock.instant())).build());
    }

    @Override
    public void getAvailability(GetAvailabilityRequest request, StreamObserver<GetAvailabilityResponse> response) {
        Violations v = new Violations();
        UUID campaignId = optionalId(v, "campaign_id", request.getCampaignId());
        v.check(request.getTierIdsCount() <= settings.getMaxAvailabilityTiers(), "tier_ids",
                "at most " + settings.getMaxAvailabilityTiers() + " tiers per call");
        v.check(request.getTierIdsCount() > 0 || campaignId != null, "tier_ids", "name tiers or a campaign");
        List<UUID> tierIds = new ArrayList<>();
        for (int i = 0; i < request.getTierIdsCount(); i++) {
            UUID id = requiredId(v, "tier_ids[" + i + "]", request.getTierIds(i));
            if (id != null) {
                tierIds.add(id);
            }
        }
        v.throwIfAny();
        var b = GetAvailabilityResponse.newBuilder().setAsOf(timestamp(clock.instant()));
        for (InventoryService.Availability a : inventory.availability(tierIds, campaignId)) {
            b.addTiers(a.inventory() == null
                    ? TierAvailability.newBuilder().setTierId(a.tierId().toString()).setTracked(false).build()
                    : ProtoMapping.availability(a.inventory(), a.waitlistLength()));
        }
        reply(response, b.build());
    }

    @Override
    public void joinWaitlist(JoinWaitlistRequest request, StreamObserver<JoinWaitlistResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Violations v = new Violations();
        UUID tierId = requiredId(v, "tier_id", request.getTierId());
        checkQuantity(v, request.getQuantity());
        String queueId = optionalQueue(v, request.getQueueId());
        checkBackerId(v, request.getBackerId());
        v.throwIfAny();
        String backer = Access.actingBacker(caller, request.getBackerId());
        WaitlistService.EntryView view = waitlist.join(tierId, backer, request.getQuantity(), queueId);
        reply(response, JoinWaitlistResponse.newBuilder().setEntry(entry(view)).setExisting(view.existing())
                .setServerTime(timestamp(clock.instant())).build());
    }

    @Override
    public void leaveWaitlist(LeaveWaitlistRequest request, StreamObserver<LeaveWaitlistResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        UUID id = single("entry_id", request.getEntryId());
        reply(response, LeaveWaitlistResponse.newBuilder().setEntry(entry(waitlist.leave(caller, id))).build());
    }

    @Override
    public void getWaitlistEntry(GetWaitlistEntryRequest request, StreamObserver<GetWaitlistEntryResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        UUID id = single("entry_id", request.getEntryId());
        reply(response, GetWaitlistEntryResponse.newBuilder().setEntry(entry(waitlist.get(caller, id))).build());
    }

    @Override
    public void configureInventory(ConfigureInventoryRequest request, StreamObserver<ConfigureInventoryResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Access.requirePrivileged(caller, "ConfigureInventory");
        UUID tierId = single("tier_id", request.getTierId());
        AllocationStrategy strategy = ProtoMapping.strategy(request.getStrategy());
        List<Pool> pools = request.getPoolsList().stream()
                .map(p -> new Pool(tierId, p.getQueueId(), p.getSize(), 0, 0)).toList();
        reply(response, ConfigureInventoryResponse.newBuilder()
                .setInventory(inventory(inventory.configure(tierId, strategy, pools))).build());
    }

    @Override
    public void getInventory(GetInventoryRequest request, StreamObserver<GetInventoryResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Access.requirePrivileged(caller, "GetInventory");
        UUID tierId = single("tier_id", request.getTierId());
        reply(response, GetInventoryResponse.newBuilder().setInventory(inventory(inventory.detail(tierId))).build());
    }

    @Override
    public void reconcile(ReconcileRequest request, StreamObserver<ReconcileResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Access.requirePrivileged(caller, "Reconcile");
        Violations v = new Violations();
        List<UUID> tierIds = new ArrayList<>();
        for (int i = 0; i < request.getTierIdsCount(); i++) {
            UUID id = requiredId(v, "tier_ids[" + i + "]", request.getTierIds(i));
            if (id != null) {
                tierIds.add(id);
            }
        }
        v.throwIfAny();
        ReconciliationJob.Report report = tierIds.isEmpty() ? reconciliation.reconcileAll() : reconciliation.reconcile(tierIds);
        var b = ReconcileResponse.newBuilder().setTiersChecked(report.tiersChecked());
        for (ReconciliationJob.Drift d : report.drifted()) {
            b.addDrifted(TierDrift.newBuilder().setTierId(d.tierId().toString()).setHeldRecorded(d.heldRecorded())
                    .setHeldActual(d.heldActual()).setSoldRecorded(d.soldRecorded()).setSoldActual(d.soldActual()));
        }
        reply(response, b.build());
    }

    private static org.crowdfund.proto.reservation.v1.WaitlistEntry entry(WaitlistService.EntryView view) {
        return ProtoMapping.waitlistEntry(view.entry(), view.position(), view.offer());
    }

    private static org.crowdfund.proto.reservation.v1.Inventory inventory(InventoryService.Detail detail) {
        return ProtoMapping.inventory(detail.inventory(), detail.pools(), detail.waitlistLength());
    }

    private void checkQuantity(Violations v, int quantity) {
        v.check(policy.validQuantity(quantity), "quantity",
                "must be between 1 and " + settings.getMaxQuantity());
    }

    private static void checkBackerId(Violations v, String backerId) {
        v.check(backerId.length() <= MAX_BACKER_ID, "backer_id", "is longer than " + MAX_BACKER_ID + " characters");
    }

    private static String optionalQueue(Violations v, String queueId) {
        if (queueId.isEmpty()) {
            return null;
        }
        v.check(InventoryService.validQueueId(queueId), "queue_id", "1-64 letters, digits, '_', '.', ':' or '-'");
        return queueId;
    }

    private static UUID single(String field, String value) {
        Violations v = new Violations();
        UUID id = requiredId(v, field, value);
        v.throwIfAny();
        return id;
    }

    private static UUID requiredId(Violations v, String field, String value) {
        if (value.isEmpty()) {
            v.add(field, "is required");
            return null;
        }
        return optionalId(v, field, value);
    }

    private static UUID optionalId(Violations v, String field, String value) {
        if (value.isEmpty()) {
            return null;
        }
        var id = Ids.parse(value);
        v.check(id.isPresent(), field, "must be a UUID");
        return id.orElse(null);
    }

    private static String encodePageToken(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static java.util.Optional<UUID> decodePageToken(String token) {
        try {
            return Ids.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
