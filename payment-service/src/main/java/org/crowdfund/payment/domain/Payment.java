package org.crowdfund.payment.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** One provider object (hold, charge or card setup) as this service knows it. */
public record Payment(
        UUID id,
        PaymentKind kind,
        String reference,
        String providerId,
        PaymentStatus status,
        long amountMinor,
        String currency,
        long amountCapturableMinor,
        long amountCapturedMinor,
        long amountRefundedMinor,
        String customerId,
        String paymentMethodId,
        boolean offSession,
        Instant captureBefore,
        String failureReason,
        String declineCode,
        String nextActionUrl,
        String clientSecret,
        UUID replacesPaymentId,
        UUID replacedByPaymentId,
        String idempotencyKey,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String backerId,
        NextActionType nextActionType) {

    /** A payment recorded before the provider is asked: pending, nothing moved yet. */
    public static Payment pending(UUID id, PaymentKind kind, String reference, long amountMinor, String currency,
                                  String customerId, String paymentMethodId, boolean offSession,
                                  UUID replacesPaymentId, String idempotencyKey, String backerId, Instant now) {
        return new Payment(id, kind, reference, null, PaymentStatus.PENDING, amountMinor, currency, 0, 0, 0,
                customerId, paymentMethodId, offSession, null, "", "", "", "", replacesPaymentId, null,
                idempotencyKey, 1, now, now, backerId, NextActionType.NONE);
    }

    /** Whether this backer owns the payment (the card is theirs): only they see next_action's secrets. */
    public boolean ownedBy(String backer) {
        return backer != null && !backer.isEmpty() && backer.equals(backerId);
    }

    /** Money that a refund may still return. */
    public long refundableMinor() {
        return amountCapturedMinor - amountRefundedMinor;
    }

    /**
     * This payment after the provider's snapshot, or empty when the snapshot is stale (it would
     * move the payment backwards) or changes nothing. Amounts only grow where they only grow at the
     * provider (captured, refunded), so a late event never undoes an earlier one.
     */
    public Optional<Payment> advancedBy(ProviderSnapshot s, Instant now) {
        PaymentStatus target = s.status() == null ? status : s.status();
        if (target != status && !status.canMoveTo(target)) {
            return Optional.empty();
        }
        long captured = Math.max(amountCapturedMinor, orElse(s.amountCapturedMinor(), amountCapturedMinor));
        long refunded = Math.max(amountRefundedMinor, orElse(s.amountRefundedMinor(), amountRefundedMinor));
        if (target.isCollected() || target == PaymentStatus.REFUNDED) {
            PaymentStatus byAmounts = ProviderSnapshot.collectedStatus(captured, refunded);
            if (byAmounts != target && target.canMoveTo(byAmounts)) {
                target = byAmounts;
            }
        }
        boolean holdOpen = target == PaymentStatus.AUTHORIZED;
        long capturable = holdOpen ? orElse(s.amountCapturableMinor(), amountCapturableMinor) : 0;
        boolean failed = target == PaymentStatus.FAILED;
        boolean needsAction = target == PaymentStatus.REQUIRES_ACTION;
        Payment next = new Payment(id, kind, reference,
                providerId == null ? s.providerId() : providerId,
                target,
                amountMinor,
                currency,
                capturable, captured, refunded,
                blankOr(s.customerId(), customerId),
                blankOr(s.paymentMethodId(), paymentMethodId),
                offSession,
                s.captureBefore() == null ? captureBefore : s.captureBefore(),
                failed ? blankOr(s.failureReason(), failureReason) : "",
                failed ? blankOr(s.declineCode(), declineCode) : "",
                needsAction ? blankOr(s.nextActionUrl(), nextActionUrl) : "",
                needsAction ? blankOr(s.clientSecret(), clientSecret) : "",
                replacesPaymentId, replacedByPaymentId, idempotencyKey, version, createdAt, updatedAt, backerId,
                needsAction ? (s.nextActionType() == null ? nextActionType : s.nextActionType()) : NextActionType.NONE);
        if (next.sameStateAs(this)) {
            return Optional.empty();
        }
        return Optional.of(next.touched(now));
    }

    public Payment replacedBy(UUID newPaymentId, Instant now) {
        return new Payment(id, kind, reference, providerId, status, amountMinor, currency, amountCapturableMinor,
                amountCapturedMinor, amountRefundedMinor, customerId, paymentMethodId, offSession, captureBefore,
                failureReason, declineCode, nextActionUrl, clientSecret, replacesPaymentId, newPaymentId,
                idempotencyKey, version, createdAt, now, backerId, nextActionType);
    }

    private Payment touched(Instant now) {
        return new Payment(id, kind, reference, providerId, status, amountMinor, currency, amountCapturableMinor,
                amountCapturedMinor, amountRefundedMinor, customerId, paymentMethodId, offSession, captureBefore,
                failureReason, declineCode, nextActionUrl, clientSecret, replacesPaymentId, replacedByPaymentId,
                idempotencyKey, version, createdAt, now, backerId, nextActionType);
    }

    private boolean sameStateAs(Payment other) {
        return Objects.equals(providerId, other.providerId) && status == other.status
                && amountMinor == other.amountMinor && currency.equals(other.currency)
                && amountCapturableMinor == other.amountCapturableMinor
                && amountCapturedMinor == other.amountCapturedMinor
                && amountRefundedMinor == other.amountRefundedMinor
                && customerId.equals(other.customerId) && paymentMethodId.equals(other.paymentMethodId)
                && Objects.equals(captureBefore, other.captureBefore)
                && failureReason.equals(other.failureReason) && declineCode.equals(other.declineCode)
                && nextActionUrl.equals(other.nextActionUrl) && clientSecret.equals(other.clientSecret)
                && nextActionType == other.nextActionType;
    }

    private static long orElse(Long value, long fallback) {
        return value == null ? fallback : value;
    }

    private static String blankOr(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
