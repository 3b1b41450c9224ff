package org.crowdfund.platform.grpc;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;

import java.util.List;
import java.util.Map;

/**
 * A refusal the caller can act on: a gRPC status code, a stable machine-readable reason
 * (carried as {@code google.rpc.ErrorInfo.reason}, shown by the gateway as the problem's
 * {@code code}), a message that tells the caller what to do, and field violations for bad input.
 * Thrown from domain and application code; {@link ServerCallInterceptor} turns it into a status.
 */
public class ServiceException extends RuntimeException {
    public static final String DOMAIN = "crowdfund";

    private final Status.Code code;
    private final String reason;
    private final Map<String, String> metadata;
    private final List<BadRequest.FieldViolation> violations;

    public ServiceException(Status.Code code, String reason, String message) {
        this(code, reason, message, Map.of(), List.of());
    }

    public ServiceException(Status.Code code, String reason, String message, Map<String, String> metadata,
                            List<BadRequest.FieldViolation> violations) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
        this.violations = List.copyOf(violations);
    }

    public static ServiceException invalid(String field, String message) {
        return invalid(List.of(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(message).build()));
    }

    public static ServiceException invalid(List<BadRequest.FieldViolation> violations) {
        String summary = violations.stream().map(v -> v.getField() + ": " + v.getDescription())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return new ServiceException(Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED", summary, Map.of(), violations);
    }

    public static ServiceException notFound(String reason, String message) {
        return new ServiceException(Status.Code.NOT_FOUND, reason, message);
    }

    public static ServiceException permissionDenied(String message) {
        return new ServiceException(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", message);
    }

    public static ServiceException unauthenticated(String message) {
        return new ServiceException(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", message);
    }

    public static ServiceException failedPrecondition(String reason, String message) {
        return new ServiceException(Status.Code.FAILED_PRECONDITION, reason, message);
    }

    public static ServiceException alreadyExists(String reason, String message) {
        return new ServiceException(Status.Code.ALREADY_EXISTS, reason, message);
    }

    public static ServiceException aborted(String reason, String message) {
        return new ServiceException(Status.Code.ABORTED, reason, message);
    }

    public static ServiceException resourceExhausted(String reason, String message) {
        return new ServiceException(Status.Code.RESOURCE_EXHAUSTED, reason, message);
    }

    public static ServiceException unavailable(String reason, String message) {
        return new ServiceException(Status.Code.UNAVAILABLE, reason, message);
    }

    public Status.Code code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public List<BadRequest.FieldViolation> violations() {
        return violations;
    }

    public com.google.rpc.Status toRpcStatus() {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(getMessage() == null ? "" : getMessage())
                .addDetails(com.google.protobuf.Any.pack(ErrorInfo.newBuilder()
                        .setReason(reason).setDomain(DOMAIN).putAllMetadata(metadata).build()));
        if (!violations.isEmpty()) {
            status.addDetails(com.google.protobuf.Any.pack(BadRequest.newBuilder().addAllFieldViolations(violations).build()));
        }
        return status.build();
    }
}
