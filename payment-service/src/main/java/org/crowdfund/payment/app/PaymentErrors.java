package org.crowdfund.payment.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.provider.ProviderException;
import org.crowdfund.platform.grpc.ServiceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reasons to gRPC status codes, chosen for what the caller should do: FAILED_PRECONDITION when
 * the payment or card must change first (declines, expired hold, wrong state), RESOURCE_EXHAUSTED
 * and UNAVAILABLE when the same request will work later (retry with the same key),
 * INVALID_ARGUMENT when the request itself is wrong.
 */
final class PaymentErrors {
    private PaymentErrors() {
    }

    static Status.Code code(FailureReason reason) {
        return switch (reason) {
            case CARD_DECLINED, TEMPORARY_DECLINE, INSUFFICIENT_FUNDS, AUTHENTICATION_REQUIRED, PAYMENT_METHOD_UNUSABLE,
                    HOLD_EXPIRED, PAYMENT_STATE_CONFLICT, NEEDS_RECONCILIATION -> Status.Code.FAILED_PRECONDITION;
            case INVALID_REQUEST, IDEMPOTENCY_KEY_REUSED -> Status.Code.INVALID_ARGUMENT;
            case OPERATION_IN_PROGRESS -> Status.Code.ABORTED;
            case RATE_LIMITED -> Status.Code.RESOURCE_EXHAUSTED;
            case PROVIDER_UNAVAILABLE -> Status.Code.UNAVAILABLE;
        };
    }

    static ServiceException of(ProviderException e, UUID paymentId) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (paymentId != null) {
            metadata.put("payment_id", paymentId.toString());
        }
        put(metadata, "code", e.providerCode());
        put(metadata, "decline_code", e.declineCode());
        put(metadata, "provider_code", e.providerCode());
        put(metadata, "param", e.param());
        classify(metadata, e.reason());
        return new ServiceException(code(e.reason()), e.reason().name(), message(e), metadata, List.of());
    }

    static ServiceException of(FailureReason reason, String message, UUID paymentId) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (paymentId != null) {
            metadata.put("payment_id", paymentId.toString());
        }
        classify(metadata, reason);
        return new ServiceException(code(reason), reason.name(), message, metadata, List.of());
    }

    /** What the caller does about it (Stripe's decline-code guide): retryable, and the next action. */
    private static void classify(Map<String, String> metadata, FailureReason reason) {
        metadata.put("retryable", String.valueOf(reason.retryable()));
        metadata.put("action", reason.action());
    }

    static ServiceException notFound(UUID paymentId) {
        return ServiceException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId);
    }

    static ServiceException amountExceeds(String reason, String message, UUID paymentId) {
        return new ServiceException(Status.Code.FAILED_PRECONDITION, reason, message,
                Map.of("payment_id", paymentId.toString()), List.of());
    }

    /** A stored refusal, thrown again for a retry with the same key. */
    static ServiceException replay(byte[] storedStatus) {
        try {
            com.google.rpc.Status status = com.google.rpc.Status.parseFrom(storedStatus);
            String reason = "";
            Map<String, String> metadata = Map.of();
            List<BadRequest.FieldViolation> violations = new ArrayList<>();
            for (var detail : status.getDetailsList()) {
                if (detail.is(ErrorInfo.class)) {
                    ErrorInfo info = detail.unpack(ErrorInfo.class);
                    reason = info.getReason();
                    metadata = info.getMetadataMap();
                } else if (detail.is(BadRequest.class)) {
                    violations.addAll(detail.unpack(BadRequest.class).getFieldViolationsList());
                }
            }
            return new ServiceException(Status.fromCodeValue(status.getCode()).getCode(), reason, status.getMessage(),
                    metadata, violations);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored operation error is unreadable", e);
        }
    }

    private static String message(ProviderException e) {
        return switch (e.reason()) {
            case CARD_DECLINED -> "the card was declined (" + (e.declineCode().isEmpty() ? "no reason given"
                    : e.declineCode()) + "): ask the backer for another payment method. " + e.getMessage();
            case INSUFFICIENT_FUNDS -> "the card was declined for insufficient funds: ask the backer to top up or use "
                    + "another card. " + e.getMessage();
            case AUTHENTICATION_REQUIRED -> "the bank requires the backer to authenticate this payment; ask them to "
                    + "confirm it on session. " + e.getMessage();
            case TEMPORARY_DECLINE -> "the card could not be charged right now (" + e.declineCode() + "); the same "
                    + "card may work when retried later, with a new idempotency key. " + e.getMessage();
            default -> e.getMessage();
        };
    }

    private static void put(Map<String, String> metadata, String key, String value) {
        if (value != null && !value.isEmpty()) {
            metadata.put(key, value);
        }
    }
}
