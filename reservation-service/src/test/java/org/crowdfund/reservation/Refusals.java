package org.crowdfund.reservation;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Assertions on gRPC refusals: status code, ErrorInfo reason and field violations. */
final class Refusals {
    private Refusals() {
    }

    record Refusal(Status.Code code, String reason, List<String> fields, String message) {
    }

    static Refusal refusal(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(call::run, StatusRuntimeException.class);
        assertThat(e).as("the call was expected to be refused").isNotNull();
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        String reason = "";
        List<String> fields = List.of();
        if (status != null) {
            try {
                for (var detail : status.getDetailsList()) {
                    if (detail.is(ErrorInfo.class)) {
                        reason = detail.unpack(ErrorInfo.class).getReason();
                    } else if (detail.is(BadRequest.class)) {
                        fields = detail.unpack(BadRequest.class).getFieldViolationsList().stream()
                                .map(BadRequest.FieldViolation::getField).toList();
                    }
                }
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return new Refusal(e.getStatus().getCode(), reason, fields, e.getStatus().getDescription());
    }

    static void assertRefused(Runnable call, Status.Code code, String reason) {
        Refusal refusal = refusal(call);
        assertThat(refusal.code()).as(refusal.message()).isEqualTo(code);
        assertThat(refusal.reason()).as(refusal.message()).isEqualTo(reason);
    }

    static void assertInvalid(Runnable call, String field) {
        Refusal refusal = refusal(call);
        assertThat(refusal.code()).as(refusal.message()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refusal.reason()).isEqualTo("VALIDATION_FAILED");
        assertThat(refusal.fields()).as(refusal.message()).contains(field);
    }
}
