package org.crowdfund.payment.domain;

/**
 * Why an operation did not succeed, as the pledge saga acts on it. The names are the stable
 * {@code ErrorInfo.reason} values of the gRPC contract.
 */
public enum FailureReason {
    /** The card was declined; the decline code says why. Ask the backer for another card. */
    CARD_DECLINED,
    /** Declined for lack of funds; the same card may work later. */
    INSUFFICIENT_FUNDS,
    /** An off-session payment needs the backer to authenticate (3D Secure) on session. */
    AUTHENTICATION_REQUIRED,
    /** The authorization lapsed before capture; place a new one. */
    HOLD_EXPIRED,
    /** The provider object is in a state that does not allow the operation. */
    PAYMENT_STATE_CONFLICT,
    /** The provider refused the request as invalid (e.g. unknown payment method). */
    INVALID_REQUEST,
    /** The provider rejected our idempotency key for a different request. */
    IDEMPOTENCY_KEY_REUSED,
    /** Too many requests (provider 429 or our own limiter); retry later with the same key. */
    RATE_LIMITED,
    /** The provider failed or could not be reached; retry later with the same key. */
    PROVIDER_UNAVAILABLE;

    /** Not an answer about the payment: the operation stays pending and may be retried. */
    public boolean isTransient() {
        return this == RATE_LIMITED || this == PROVIDER_UNAVAILABLE;
    }

    /** Stripe's card error code and decline code to a reason. */
    public static FailureReason ofCardError(String code, String declineCode) {
        if ("insufficient_funds".equals(declineCode) || "insufficient_funds".equals(code)) {
            return INSUFFICIENT_FUNDS;
        }
        if ("authentication_required".equals(declineCode) || "authentication_required".equals(code)) {
            return AUTHENTICATION_REQUIRED;
        }
        return CARD_DECLINED;
    }
}
