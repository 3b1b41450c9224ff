package org.crowdfund.payment.domain;

import java.time.Instant;

/**
 * What the provider says about one of its objects (a PaymentIntent, SetupIntent, or the charge a
 * refund changed), already translated to our statuses. Null fields are unknown in this snapshot
 * and leave the stored value alone (a charge.refunded event knows amounts, not the customer).
 */
public record ProviderSnapshot(
        String providerId,
        PaymentStatus status,
        Long amountCapturableMinor,
        Long amountCapturedMinor,
        Long amountRefundedMinor,
        String customerId,
        String paymentMethodId,
        Instant captureBefore,
        String failureReason,
        String declineCode,
        String nextActionUrl,
        String clientSecret,
        NextActionType nextActionType) {

    /** A snapshot that says nothing about a next action beyond its URL and secret. */
    public ProviderSnapshot(String providerId, PaymentStatus status, Long amountCapturableMinor,
                            Long amountCapturedMinor, Long amountRefundedMinor, String customerId,
                            String paymentMethodId, Instant captureBefore, String failureReason, String declineCode,
                            String nextActionUrl, String clientSecret) {
        this(providerId, status, amountCapturableMinor, amountCapturedMinor, amountRefundedMinor, customerId,
                paymentMethodId, captureBefore, failureReason, declineCode, nextActionUrl, clientSecret, null);
    }

    /** Status of a collected payment after refunds: refunded in full, in part, or not at all. */
    public static PaymentStatus collectedStatus(long captured, long refunded) {
        if (captured > 0 && refunded >= captured) {
            return PaymentStatus.REFUNDED;
        }
        return refunded > 0 ? PaymentStatus.PARTIALLY_REFUNDED : PaymentStatus.SUCCEEDED;
    }
}
