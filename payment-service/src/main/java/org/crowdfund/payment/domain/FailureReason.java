package org.crowdfund.payment.domain;

import java.util.Set;

/**
 * Why an operation did not succeed, as the pledge saga acts on it. The names are the stable
 * {@code ErrorInfo.reason} values of the gRPC contract; {@link #retryable()} and {@link #action()}
 * are the classification of Stripe's decline-code guide that callers act on.
 */
public enum FailureReason {
    /** The card was declined; the decline code says why. Ask the backer for another card. */
    CARD_DECLINED,
    /** Declined for a temporary reason (processing_error, try_again_later...): the same card may work later. */
    TEMPORARY_DECLINE,
    /** Declined for lack of funds: the backer must top up or give another card. */
    INSUFFICIENT_FUNDS,
    /** An off-session payment needs the backer to authenticate (3D Secure) on session. */
    AUTHENTICATION_REQUIRED,
    /** A detached or one-off payment method: Stripe never lets it be used again. */
    PAYMENT_METHOD_UNUSABLE,
    /** The authorization lapsed before capture; place a new one. */
    HOLD_EXPIRED,
    /** The provider object is in a state that does not allow the operation. */
    PAYMENT_STATE_CONFLICT,
    /** The provider refused the request as invalid (e.g. unknown payment method). */
    INVALID_REQUEST,
    /** The provider rejected our idempotency key for a different request. */
    IDEMPOTENCY_KEY_REUSED,
    /** The same operation is still running at the provider (its 409); retry later with the same key. */
    OPERATION_IN_PROGRESS,
    /** Too many requests (provider 429 or our own limiter); retry later with the same key. */
    RATE_LIMITED,
    /** The provider failed or could not be reached; retry later with the same key. */
    PROVIDER_UNAVAILABLE,
    /** The outcome could not be settled automatically; an operator reconciles it with the provider. */
    NEEDS_RECONCILIATION;

    /**
     * Stripe's decline codes that mean "try again later" (docs.stripe.com/declines/codes): the
     * issuer or network could not decide now, the card itself is fine.
     */
    private static final Set<String> TEMPORARY_DECLINE_CODES = Set.of("processing_error", "try_again_later",
            "issuer_not_available", "reenter_transaction", "approve_with_id");

    /** Not an answer about the payment: the operation stays pending and may be retried with its key. */
    public boolean isTransient() {
        return this == RATE_LIMITED || this == PROVIDER_UNAVAILABLE || this == OPERATION_IN_PROGRESS;
    }

    /** Whether trying again can succeed without the backer doing anything. */
    public boolean retryable() {
        return isTransient() || this == TEMPORARY_DECLINE;
    }

    /** What the caller does next: the {@code action} metadata of the error (see payment.proto). */
    public String action() {
        return switch (this) {
            case RATE_LIMITED, PROVIDER_UNAVAILABLE, OPERATION_IN_PROGRESS -> "retry_same_key";
            case TEMPORARY_DECLINE -> "retry_later";
            case CARD_DECLINED, INSUFFICIENT_FUNDS, PAYMENT_METHOD_UNUSABLE -> "new_payment_method";
            case AUTHENTICATION_REQUIRED -> "authenticate";
            case HOLD_EXPIRED -> "reauthorize";
            case PAYMENT_STATE_CONFLICT, INVALID_REQUEST, IDEMPOTENCY_KEY_REUSED, NEEDS_RECONCILIATION -> "none";
        };
    }

    /** Stripe's card error code and decline code to a reason. */
    public static FailureReason ofCardError(String code, String declineCode) {
        if (is("insufficient_funds", code, declineCode)) {
            return INSUFFICIENT_FUNDS;
        }
        if (is("authentication_required", code, declineCode)) {
            return AUTHENTICATION_REQUIRED;
        }
        if (TEMPORARY_DECLINE_CODES.contains(String.valueOf(declineCode))
                || TEMPORARY_DECLINE_CODES.contains(String.valueOf(code))) {
            return TEMPORARY_DECLINE;
        }
        return CARD_DECLINED;
    }

    private static boolean is(String expected, String code, String declineCode) {
        return expected.equals(declineCode) || expected.equals(code);
    }
}
