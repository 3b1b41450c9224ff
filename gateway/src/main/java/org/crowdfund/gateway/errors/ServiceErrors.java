package org.crowdfund.gateway.errors;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.micronaut.http.HttpStatus;
import org.crowdfund.platform.grpc.Downstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's refusal means over HTTP: the status for its gRPC code, its stable reason
 * ({@code google.rpc.ErrorInfo}) as the problem code, its field violations
 * ({@code google.rpc.BadRequest}) under the REST field names.
 */
final class ServiceErrors {
    private static final Pattern SNAKE = Pattern.compile("_([a-z0-9])");

    private ServiceErrors() {
    }

    static HttpStatus httpStatus(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> HttpStatus.CONFLICT;
            case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
            case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /**
     * The HTTP status for a service's refusal: by its code (a refusal a service passed on from
     * another keeps that one's code, platform's Downstream rule), except that a sold-out tier or
     * pool is always a 409 conflict, even from a service replica that still says RESOURCE_EXHAUSTED
     * (429 would invite automatic retries, which cannot free a slot; 429 is for rate limits), and
     * that a refusal of the gateway's own identity is a 500 (the operators' to fix).
     */
    static HttpStatus httpStatus(Status.Code code, String reason) {
        if ("TIER_SOLD_OUT".equals(reason) || "POOL_SOLD_OUT".equals(reason)) {
            return HttpStatus.CONFLICT;
        }
        if (reason != null && Downstream.refusesCallersIdentity(code, reason)) {
            // the service refused the gateway's own signed identity: a key misconfiguration, not the user's 401/403
            return HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return httpStatus(code);
    }

    /** Seconds to wait before retrying an overloaded service, as it said (ErrorInfo retry_after_seconds), else 1. */
    static String retryAfterSeconds(Throwable statusException) {
        return errorInfo(statusException).map(i -> i.getMetadataOrDefault("retry_after_seconds", ""))
                .filter(s -> s.matches("\\d{1,4}")).orElse("1");
    }

    /** The service's reason, when it sent one. */
    static String reason(Throwable statusException) {
        return errorInfo(statusException).map(ErrorInfo::getReason).filter(r -> !r.isBlank()).orElse(null);
    }

    /**
     * The detail a REST client needs where the service's message speaks in gRPC terms: a sold-out
     * tier names the waitlist route to join. Null when the service's own message is right as it is.
     */
    static String restDetail(Throwable statusException) {
        Optional<ErrorInfo> info = errorInfo(statusException);
        String reason = info.map(ErrorInfo::getReason).orElse("");
        String tierId = info.map(i -> i.getMetadataOrDefault("tier_id", "")).orElse("");
        String tier = tierId.isEmpty() ? "this tier" : "tier " + tierId;
        String waitlist = "POST /api/v1/tiers/" + (tierId.isEmpty() ? "{tierId}" : tierId) + "/waitlist";
        return switch (reason) {
            case "TIER_SOLD_OUT" -> tier + " is sold out: every slot is held or pledged. It has a waitlist: join it ("
                    + waitlist + ") to be offered the next slot that frees up.";
            case "POOL_SOLD_OUT" -> "the slots of queue '" + info.get().getMetadataOrDefault("queue_id", "")
                    + "' on " + tier + " are sold out. It has a waitlist: join it (" + waitlist
                    + " with the same queueId) to be offered the next slot that frees up.";
            default -> null;
        };
    }

    private static Optional<ErrorInfo> errorInfo(Throwable statusException) {
        com.google.rpc.Status status = StatusProto.fromThrowable(statusException);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return Optional.of(detail.unpack(ErrorInfo.class));
                } catch (InvalidProtocolBufferException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static List<Problem.FieldError> violations(Throwable statusException) {
        com.google.rpc.Status status = StatusProto.fromThrowable(statusException);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (status == null) {
            return errors;
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(BadRequest.class)) {
                try {
                    detail.unpack(BadRequest.class).getFieldViolationsList().forEach(v ->
                            errors.add(new Problem.FieldError(restField(v.getField()), v.getDescription())));
                } catch (InvalidProtocolBufferException e) {
                    return errors;
                }
            }
        }
        return errors;
    }

    /**
     * Proto field paths as the REST client wrote them: {@code goal_minor} is {@code goalMinor};
     * the request id came in the Idempotency-Key header.
     */
    static String restField(String protoField) {
        if (protoField.equals("request_id")) {
            return "Idempotency-Key";
        }
        Matcher m = SNAKE.matcher(protoField);
        StringBuilder camel = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(camel, m.group(1).toUpperCase(Locale.ROOT));
        }
        m.appendTail(camel);
        return camel.toString();
    }
}
