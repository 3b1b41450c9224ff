package org.crowdfund.gateway.errors;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceErrorsTest {

    @Test
    void everyGrpcCodeMapsToTheDocumentedHttpStatus() {
        Map<Status.Code, HttpStatus> expected = new EnumMap<>(Status.Code.class);
        expected.put(Status.Code.INVALID_ARGUMENT, HttpStatus.BAD_REQUEST);
        expected.put(Status.Code.OUT_OF_RANGE, HttpStatus.BAD_REQUEST);
        expected.put(Status.Code.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED);
        expected.put(Status.Code.PERMISSION_DENIED, HttpStatus.FORBIDDEN);
        expected.put(Status.Code.NOT_FOUND, HttpStatus.NOT_FOUND);
        expected.put(Status.Code.ALREADY_EXISTS, HttpStatus.CONFLICT);
        expected.put(Status.Code.FAILED_PRECONDITION, HttpStatus.CONFLICT);
        expected.put(Status.Code.ABORTED, HttpStatus.CONFLICT);
        expected.put(Status.Code.RESOURCE_EXHAUSTED, HttpStatus.TOO_MANY_REQUESTS);
        expected.put(Status.Code.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE);
        expected.put(Status.Code.DEADLINE_EXCEEDED, HttpStatus.GATEWAY_TIMEOUT);
        expected.put(Status.Code.UNIMPLEMENTED, HttpStatus.NOT_IMPLEMENTED);
        for (Status.Code code : Status.Code.values()) {
            assertThat(ServiceErrors.httpStatus(code).getCode()).as(code.name())
                    .isEqualTo(expected.getOrDefault(code, HttpStatus.INTERNAL_SERVER_ERROR).getCode());
        }
    }

    @Test
    void soldOutIsAConflictWhateverCodeTheServiceUsedButOtherExhaustionStaysARateLimit() {
        assertThat(ServiceErrors.httpStatus(Status.Code.FAILED_PRECONDITION, "TIER_SOLD_OUT").getCode())
                .isEqualTo(HttpStatus.CONFLICT.getCode());
        assertThat(ServiceErrors.httpStatus(Status.Code.RESOURCE_EXHAUSTED, "TIER_SOLD_OUT").getCode())
                .isEqualTo(HttpStatus.CONFLICT.getCode());
        assertThat(ServiceErrors.httpStatus(Status.Code.RESOURCE_EXHAUSTED, "POOL_SOLD_OUT").getCode())
                .isEqualTo(HttpStatus.CONFLICT.getCode());
        assertThat(ServiceErrors.httpStatus(Status.Code.RESOURCE_EXHAUSTED, "RESERVE_QUEUE_FULL").getCode())
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS.getCode());
    }

    @Test
    void aServiceRefusingTheGatewaysOwnIdentityIsAServerErrorNotTheUsers401() {
        assertThat(ServiceErrors.httpStatus(Status.Code.UNAUTHENTICATED, "IDENTITY_UNKNOWN_SIGNER").getCode())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR.getCode());
        assertThat(ServiceErrors.httpStatus(Status.Code.PERMISSION_DENIED, "SERVICE_CALLER_NOT_ALLOWED").getCode())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR.getCode());
        assertThat(ServiceErrors.httpStatus(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED").getCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED.getCode());
        assertThat(ServiceErrors.httpStatus(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED").getCode())
                .isEqualTo(HttpStatus.FORBIDDEN.getCode());
    }

    @Test
    void anOverloadedServiceSaysWhenToRetry() {
        StatusRuntimeException full = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.RESOURCE_EXHAUSTED.value()).setMessage("too many waiting")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("RESERVE_QUEUE_FULL").setDomain("crowdfund")
                        .putMetadata("retry_after_seconds", "2").build())).build());

        assertThat(ServiceErrors.retryAfterSeconds(full)).isEqualTo("2");
        assertThat(ServiceErrors.retryAfterSeconds(Status.RESOURCE_EXHAUSTED.asRuntimeException())).isEqualTo("1");
    }

    @Test
    void protoFieldPathsBecomeRestFieldNames() {
        assertThat(ServiceErrors.restField("goal_minor")).isEqualTo("goalMinor");
        assertThat(ServiceErrors.restField("tiers[0].min_pledge_minor")).isEqualTo("tiers[0].minPledgeMinor");
        assertThat(ServiceErrors.restField("title")).isEqualTo("title");
        assertThat(ServiceErrors.restField("request_id")).isEqualTo("Idempotency-Key");
    }

    @Test
    void aSoldOutTierIsExplainedWithTheWaitlistRouteToJoin() {
        StatusRuntimeException soldOut = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage("tier t-1 has no free slot")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("TIER_SOLD_OUT").setDomain("crowdfund")
                        .putMetadata("tier_id", "t-1").build())).build());

        assertThat(ServiceErrors.restDetail(soldOut)).isEqualTo("tier t-1 is sold out: every slot is held or pledged. "
                + "It has a waitlist: join it (POST /api/v1/tiers/t-1/waitlist) to be offered the next slot that frees up.");
        assertThat(ServiceErrors.restDetail(Status.NOT_FOUND.withDescription("no tier").asRuntimeException())).isNull();
    }

    @Test
    void titlesAreReadableAndOnePerCode() {
        assertThat(Problems.title("CAMPAIGN_NOT_FOUND")).isEqualTo("Campaign not found");
        assertThat(Problems.title("MALFORMED_JSON")).isEqualTo("Malformed JSON");
    }
}
