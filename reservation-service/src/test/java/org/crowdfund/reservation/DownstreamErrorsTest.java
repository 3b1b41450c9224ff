package org.crowdfund.reservation;

import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Downstream;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServerCallInterceptor;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.identity.IdentityKeys;
import org.crowdfund.platform.identity.IdentityVerifier;
import org.crowdfund.proto.reservation.v1.GetInventoryRequest;
import org.crowdfund.proto.reservation.v1.GetInventoryResponse;
import org.crowdfund.proto.reservation.v1.JoinWaitlistRequest;
import org.crowdfund.proto.reservation.v1.JoinWaitlistResponse;
import org.crowdfund.proto.reservation.v1.ReservationServiceGrpc;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.proto.reservation.v1.ReserveResponse;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.crowdfund.testsupport.TestIdentities;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;
import static org.crowdfund.reservation.ReservationHarness.newBacker;

/**
 * Errors between services, with the real reservation-service as the downstream: a "front"
 * service (a real gRPC server with the platform's interceptor, calling reservation-service the
 * way pledge-service will) passes a refusal on with its code, reason and details, or translates
 * it into its own reason; only a call that does not get through becomes UNAVAILABLE, and a
 * refusal of the front's own identity becomes INTERNAL (nothing its caller can fix).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownstreamErrorsTest {
    private static final String DOWNSTREAM = "reservation-service";

    private final Server liveFront;
    private final Server deadFront;
    private final ManagedChannel deadDownstream;

    DownstreamErrorsTest() throws IOException {
        deadDownstream = ManagedChannelBuilder.forAddress("127.0.0.1", TestInfra.freePort()).usePlaintext().build();
        liveFront = front(ReservationHarness.channel(), Principal.service("pledge-service"));
        deadFront = front(deadDownstream, Principal.service("pledge-service"));
    }

    @AfterAll
    void stop() {
        liveFront.shutdownNow();
        deadFront.shutdownNow();
        deadDownstream.shutdownNow();
        FRONT_CHANNELS.values().forEach(ManagedChannel::shutdownNow);
    }

    private static Server front(ManagedChannel downstream, Principal self) throws IOException {
        IdentityVerifier verifier = new IdentityVerifier(IdentityKeys.parsePublic(TestIdentities.trustedKeys(), "test"),
                Set.of(), Clock.systemUTC());
        return NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Front(downstream, self),
                        new ServerCallInterceptor(new SimpleMeterRegistry(), verifier)))
                .build().start();
    }

    /** Reserve passes refusals on; JoinWaitlist translates a sold-out tier; GetInventory lets them escape. */
    private static final class Front extends ReservationServiceGrpc.ReservationServiceImplBase {
        private final ManagedChannel downstream;
        private final Principal self;

        Front(ManagedChannel downstream, Principal self) {
            this.downstream = downstream;
            this.self = self;
        }

        private ReservationServiceGrpc.ReservationServiceBlockingStub reservations(Duration deadline) {
            return Calls.as(ReservationServiceGrpc.newBlockingStub(downstream), self, deadline);
        }

        @Override
        public void reserve(ReserveRequest request, StreamObserver<ReserveResponse> response) {
            Duration deadline = request.getTtlSeconds() == 1 ? Duration.ZERO : Duration.ofSeconds(10);
            response.onNext(Downstream.call(DOWNSTREAM, () -> reservations(deadline).reserve(request)));
            response.onCompleted();
        }

        @Override
        public void joinWaitlist(JoinWaitlistRequest request, StreamObserver<JoinWaitlistResponse> response) {
            ReserveRequest reserve = ReserveRequest.newBuilder().setTierId(request.getTierId())
                    .setBackerId(request.getBackerId()).setQuantity(request.getQuantity()).build();
            Downstream.call(DOWNSTREAM, () -> reservations(Duration.ofSeconds(10)).reserve(reserve),
                    Map.of("TIER_SOLD_OUT", refusal -> ServiceException.failedPrecondition("REWARD_GONE",
                            "the reward is gone (" + refusal.service() + ": " + refusal.message() + "); pick another")));
            response.onNext(JoinWaitlistResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void getInventory(GetInventoryRequest request, StreamObserver<GetInventoryResponse> response) {
            response.onNext(reservations(Duration.ofSeconds(10)).getInventory(request));
            response.onCompleted();
        }
    }

    private static final Map<Integer, ManagedChannel> FRONT_CHANNELS = new java.util.concurrent.ConcurrentHashMap<>();

    private static ReservationServiceGrpc.ReservationServiceBlockingStub callFront(Server front) {
        ManagedChannel channel = FRONT_CHANNELS.computeIfAbsent(front.getPort(),
                port -> ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
        return Calls.as(ReservationServiceGrpc.newBlockingStub(channel), newBacker(), Duration.ofSeconds(20));
    }

    private static StatusRuntimeException refused(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(call::run, StatusRuntimeException.class);
        assertThat(e).as("the call was expected to be refused").isNotNull();
        return e;
    }

    private static ReserveRequest reserveFor(Tier tier) {
        return ReserveRequest.newBuilder().setTierId(tier.id()).setBackerId("backer-" + UUID.randomUUID()).setQuantity(1).build();
    }

    @Test
    void aSoldOutTierDownstreamReachesTheCallerAsFailedPreconditionTierSoldOutWithItsDetails() {
        Tier tier = limitedTier(1);
        callFront(liveFront).reserve(reserveFor(tier));

        StatusRuntimeException e = refused(() -> callFront(liveFront).reserve(reserveFor(tier)));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(Downstream.reason(e)).contains("TIER_SOLD_OUT");
        assertThat(e.getStatus().getDescription()).contains("join its waitlist");
        assertThat(errorMetadata(e)).containsEntry("tier_id", tier.id()).containsEntry(Downstream.REFUSED_BY, DOWNSTREAM);
    }

    @Test
    void invalidInputDownstreamReachesTheCallerAsInvalidArgumentWithTheFieldViolations() {
        Tier tier = limitedTier(1);

        StatusRuntimeException e = refused(() -> callFront(liveFront).reserve(reserveFor(tier).toBuilder().setQuantity(0).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(Downstream.reason(e)).contains("VALIDATION_FAILED");
        assertThat(fields(e)).contains("quantity");
    }

    @Test
    void anUnknownTierDownstreamReachesTheCallerAsNotFound() {
        StatusRuntimeException e = refused(() -> callFront(liveFront).reserve(ReserveRequest.newBuilder()
                .setTierId(UUID.randomUUID().toString()).setBackerId("backer-1").setQuantity(1).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(Downstream.reason(e)).contains("TIER_NOT_FOUND");
    }

    @Test
    void aCallerMayTranslateADownstreamReasonIntoItsOwn() {
        Tier tier = limitedTier(1);
        callFront(liveFront).reserve(reserveFor(tier));

        StatusRuntimeException e = refused(() -> callFront(liveFront).joinWaitlist(JoinWaitlistRequest.newBuilder()
                .setTierId(tier.id()).setBackerId("backer-" + UUID.randomUUID()).setQuantity(1).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(Downstream.reason(e)).contains("REWARD_GONE");
        assertThat(e.getStatus().getDescription()).contains("reservation-service", "no free slot", "pick another");
    }

    @Test
    void aRefusalAHandlerLetsEscapeIsPassedOnByTheInterceptorAsWell() {
        StatusRuntimeException e = refused(() -> callFront(liveFront).getInventory(GetInventoryRequest.newBuilder()
                .setTierId(UUID.randomUUID().toString()).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(Downstream.reason(e)).contains("TIER_NOT_FOUND");
    }

    @Test
    void aDownstreamThatDoesNotAnswerIsUnavailable() {
        StatusRuntimeException e = refused(() -> callFront(deadFront).reserve(reserveFor(new Tier(UUID.randomUUID(), UUID.randomUUID()))));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(Downstream.reason(e)).contains(Downstream.DEPENDENCY_UNAVAILABLE);
    }

    @Test
    void aDownstreamCallWhoseDeadlinePassesIsUnavailable() {
        Tier tier = limitedTier(1);

        // ttl_seconds 1 makes the front call with a deadline that has already passed
        StatusRuntimeException e = refused(() -> callFront(liveFront).reserve(reserveFor(tier).toBuilder().setTtlSeconds(1).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(Downstream.reason(e)).contains(Downstream.DEPENDENCY_UNAVAILABLE);
        assertThat(ReservationHarness.counters(tier).reserved()).isZero();
    }

    @Test
    void aDownstreamRefusingTheCallersOwnIdentityIsAnInternalFailureNotThePermissionOfItsCaller() throws IOException {
        Server misconfigured = front(ReservationHarness.channel(), Principal.service("notification-service"));
        try {
            StatusRuntimeException e = refused(() -> callFront(misconfigured).reserve(reserveFor(limitedTier(1))));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
            assertThat(Downstream.reason(e)).contains(Downstream.DEPENDENCY_FAILED);
        } finally {
            misconfigured.shutdownNow();
        }
    }

    private static Map<String, String> errorMetadata(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(com.google.rpc.ErrorInfo.class))
                .findFirst().map(d -> {
                    try {
                        return d.unpack(com.google.rpc.ErrorInfo.class).getMetadataMap();
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }).orElse(Map.of());
    }

    private static java.util.List<String> fields(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(BadRequest.class)).flatMap(d -> {
            try {
                return d.unpack(BadRequest.class).getFieldViolationsList().stream().map(BadRequest.FieldViolation::getField);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).toList();
    }
}
