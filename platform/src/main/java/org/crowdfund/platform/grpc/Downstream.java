package org.crowdfund.platform.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a failed call to another service means for this service's own caller. The rule, the same
 * in every service and in the gateway:
 * <ul>
 *   <li>the other service refused the request (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION,
 *       ALREADY_EXISTS, ABORTED, OUT_OF_RANGE, PERMISSION_DENIED, RESOURCE_EXHAUSTED): the refusal is
 *       passed on with its code, reason (ErrorInfo), message and field violations, unless the caller
 *       translates that reason into one of its own;</li>
 *   <li>the call did not get through (UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED from the channel):
 *       UNAVAILABLE with reason {@code DEPENDENCY_UNAVAILABLE}, to be retried later;</li>
 *   <li>the other service failed or refused this service's own identity (INTERNAL, UNKNOWN,
 *       DATA_LOSS, UNIMPLEMENTED, UNAUTHENTICATED, PERMISSION_DENIED for SERVICE_CALLER_NOT_ALLOWED):
 *       INTERNAL with reason {@code DEPENDENCY_FAILED}; the caller can do nothing about it, the
 *       operator can.</li>
 * </ul>
 * {@link ServerCallInterceptor} applies the rule to any StatusRuntimeException a handler lets
 * escape; {@link #call} applies it at the call site, where a reason can be translated.
 */
public final class Downstream {
    public static final String DEPENDENCY_UNAVAILABLE = "DEPENDENCY_UNAVAILABLE";
    public static final String DEPENDENCY_FAILED = "DEPENDENCY_FAILED";
    /** ErrorInfo metadata key naming the service that refused, on refusals passed on. */
    public static final String REFUSED_BY = "refused_by";

    private Downstream() {
    }

    /** Runs {@code rpc} (a call to {@code service}); a failure becomes this service's ServiceException by the rule. */
    public static <T> T call(String service, Supplier<T> rpc) {
        return call(service, rpc, Map.of());
    }

    /**
     * As {@link #call(String, Supplier)}, with refusals whose reason is a key of {@code translations}
     * turned into this service's own refusal (e.g. reservation-service's RESERVATION_EXPIRED into
     * pledge-service's RESERVATION_REQUIRED).
     */
    public static <T> T call(String service, Supplier<T> rpc, Map<String, Function<Refusal, ServiceException>> translations) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            ServiceException mapped = translate(service, e);
            Function<Refusal, ServiceException> own = translations.get(mapped.reason());
            if (own != null && isRefusal(mapped.code())) {
                ServiceException translated = own.apply(new Refusal(service, mapped.code(), mapped.reason(), mapped.getMessage(),
                        mapped.metadata()));
                translated.initCause(e);
                throw translated;
            }
            throw mapped;
        }
    }

    /** A downstream refusal as its caller sees it when translating it. */
    public record Refusal(String service, Status.Code code, String reason, String message, Map<String, String> metadata) {
    }

    /** The ServiceException this service answers with when a call to {@code service} failed with {@code e}. */
    public static ServiceException translate(String service, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String description = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        ServiceException mapped;
        if (isRefusal(code) && !refusesCallersIdentity(code, reason(e).orElse(""))) {
            Optional<ErrorInfo> info = errorInfo(e);
            Map<String, String> metadata = new HashMap<>(info.map(ErrorInfo::getMetadataMap).orElse(Map.of()));
            metadata.putIfAbsent(REFUSED_BY, service);
            mapped = new ServiceException(code, info.map(ErrorInfo::getReason).filter(r -> !r.isEmpty()).orElse(code.name()),
                    description.isEmpty() ? service + " refused the request (" + code + ")" : description,
                    metadata, violations(e));
        } else if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.CANCELLED) {
            mapped = new ServiceException(Status.Code.UNAVAILABLE, DEPENDENCY_UNAVAILABLE, service + " did not answer ("
                    + code + (description.isEmpty() ? "" : ": " + description) + "); try again in a moment",
                    Map.of(REFUSED_BY, service), List.of());
        } else {
            mapped = new ServiceException(Status.Code.INTERNAL, DEPENDENCY_FAILED, "a service this call depends on ("
                    + service + ") failed with " + code + "; the operators have to look at it",
                    Map.of(REFUSED_BY, service), List.of());
        }
        mapped.initCause(e);
        return mapped;
    }

    /**
     * Whether a failed call refused the calling process's own identity (its token, or its service
     * role): its operators' problem, not something its caller can fix.
     */
    public static boolean refusesCallersIdentity(Status.Code code, String reason) {
        return code == Status.Code.UNAUTHENTICATED && reason.startsWith("IDENTITY_")
                || code == Status.Code.PERMISSION_DENIED && reason.equals("SERVICE_CALLER_NOT_ALLOWED");
    }

    /** Codes by which a service refuses a request for a reason its caller can act on. */
    public static boolean isRefusal(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED, OUT_OF_RANGE,
                 PERMISSION_DENIED, RESOURCE_EXHAUSTED -> true;
            default -> false;
        };
    }

    /** The reason (ErrorInfo) a failed call carries, if any. */
    public static Optional<String> reason(Throwable statusException) {
        return errorInfo(statusException).map(ErrorInfo::getReason).filter(r -> !r.isEmpty());
    }

    static Optional<ErrorInfo> errorInfo(Throwable statusException) {
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

    private static List<BadRequest.FieldViolation> violations(Throwable statusException) {
        com.google.rpc.Status status = StatusProto.fromThrowable(statusException);
        List<BadRequest.FieldViolation> violations = new ArrayList<>();
        if (status != null) {
            for (Any detail : status.getDetailsList()) {
                if (detail.is(BadRequest.class)) {
                    try {
                        violations.addAll(detail.unpack(BadRequest.class).getFieldViolationsList());
                    } catch (InvalidProtocolBufferException e) {
                        return violations;
                    }
                }
            }
        }
        return violations;
    }
}
