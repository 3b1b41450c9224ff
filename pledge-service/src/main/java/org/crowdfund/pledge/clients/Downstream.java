package org.crowdfund.pledge.clients;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.crowdfund.platform.grpc.ServiceException;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place where another service's refusal becomes ours: a refusal the caller must act on
 * (INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED) keeps its
 * code, reason and metadata (e.g. decline_code) as a {@link ServiceException}; a failure that may
 * pass (UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, ABORTED...) becomes
 * {@link TransientFailure}, which sagas and jobs retry later with the same idempotency key.
 */
public final class Downstream {
    private Downstream() {
    }

    /** A downstream call failed in a way that may pass; retry it later with the same key. */
    public static final class TransientFailure extends RuntimeException {
        private final String service;

        TransientFailure(String service, StatusRuntimeException cause) {
            super(service + " failed: " + cause.getStatus().getCode() + " " + cause.getStatus().getDescription(), cause);
            this.service = service;
        }

        public String service() {
            return service;
        }
    }

    public static <T> T call(String service, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw translate(service, e);
        }
    }

    static RuntimeException translate(String service, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        switch (code) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, OUT_OF_RANGE -> {
                ErrorInfo info = errorInfo(e);
                String reason = info == null || info.getReason().isEmpty() ? code.name() : info.getReason();
                Map<String, String> metadata = info == null ? Map.of() : info.getMetadataMap();
                String message = e.getStatus().getDescription() == null ? service + " refused the request" : e.getStatus().getDescription();
                return new ServiceException(code, reason, message, metadata, java.util.List.of());
            }
            default -> {
                return new TransientFailure(service, e);
            }
        }
    }

    /** The ErrorInfo metadata a refusal carries (decline_code, payment_id...). */
    public static Map<String, String> metadata(ServiceException e) {
        ErrorInfo info = errorInfo(e.toRpcStatus());
        return info == null ? Map.of() : info.getMetadataMap();
    }

    private static ErrorInfo errorInfo(StatusRuntimeException e) {
        return errorInfo(StatusProto.fromThrowable(e));
    }

    private static ErrorInfo errorInfo(com.google.rpc.Status status) {
        if (status == null) {
            return null;
        }
        for (var detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return detail.unpack(ErrorInfo.class);
                } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                    return null;
                }
            }
        }
        return null;
    }
}
