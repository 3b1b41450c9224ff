package org.crowdfund.payment.provider;

import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.SetupIntent;
import com.stripe.model.StripeError;
import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.domain.NextActionType;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.domain.ProviderSnapshot;

import java.time.Instant;

/** Stripe's objects in our terms: statuses, amounts, capture deadline, decline. */
final class StripeObjects {
    private StripeObjects() {
    }

    static ProviderSnapshot paymentIntent(PaymentIntent pi) {
        PaymentStatus status = switch (String.valueOf(pi.getStatus())) {
            case "requires_payment_method" -> pi.getLastPaymentError() != null ? PaymentStatus.FAILED : PaymentStatus.PENDING;
            case "requires_action" -> PaymentStatus.REQUIRES_ACTION;
            case "requires_capture" -> PaymentStatus.AUTHORIZED;
            case "succeeded" -> PaymentStatus.SUCCEEDED;
            // Stripe cancels with reason "automatic" when it releases an uncaptured hold itself
            case "canceled" -> "automatic".equals(pi.getCancellationReason()) ? PaymentStatus.EXPIRED : PaymentStatus.CANCELED;
            default -> PaymentStatus.PENDING;
        };
        Charge charge = pi.getLatestChargeObject();
        StripeError error = pi.getLastPaymentError();
        String nextActionUrl = pi.getNextAction() != null && pi.getNextAction().getRedirectToUrl() != null
                ? pi.getNextAction().getRedirectToUrl().getUrl() : null;
        NextActionType nextActionType = pi.getNextAction() == null ? null
                : NextActionType.ofStripe(pi.getNextAction().getType());
        return new ProviderSnapshot(
                pi.getId(),
                status,
                pi.getAmountCapturable(),
                status == PaymentStatus.SUCCEEDED ? pi.getAmountReceived() : null,
                status == PaymentStatus.SUCCEEDED ? refundedOfCaptured(charge) : null,
                pi.getCustomer(),
                pi.getPaymentMethod(),
                captureBefore(charge),
                error == null ? null : FailureReason.ofCardError(error.getCode(), error.getDeclineCode()).name(),
                error == null ? null : declineCode(error),
                nextActionUrl,
                status == PaymentStatus.REQUIRES_ACTION ? pi.getClientSecret() : null,
                nextActionType);
    }

    static ProviderSnapshot setupIntent(SetupIntent si) {
        PaymentStatus status = switch (String.valueOf(si.getStatus())) {
            case "succeeded" -> PaymentStatus.SUCCEEDED;
            case "requires_action" -> PaymentStatus.REQUIRES_ACTION;
            case "requires_payment_method" -> si.getLastSetupError() != null ? PaymentStatus.FAILED : PaymentStatus.PENDING;
            case "canceled" -> PaymentStatus.CANCELED;
            default -> PaymentStatus.PENDING;
        };
        StripeError error = si.getLastSetupError();
        String nextActionUrl = si.getNextAction() != null && si.getNextAction().getRedirectToUrl() != null
                ? si.getNextAction().getRedirectToUrl().getUrl() : null;
        NextActionType nextActionType = si.getNextAction() == null ? null
                : NextActionType.ofStripe(si.getNextAction().getType());
        return new ProviderSnapshot(si.getId(), status, null, null, null, si.getCustomer(), si.getPaymentMethod(), null,
                error == null ? null : FailureReason.ofCardError(error.getCode(), error.getDeclineCode()).name(),
                error == null ? null : declineCode(error),
                nextActionUrl,
                status == PaymentStatus.REQUIRES_ACTION ? si.getClientSecret() : null,
                nextActionType);
    }

    /**
     * A charge's refunds as seen by charge.refunded events and refund answers; null when it cannot
     * tell refunds from the released rest of a partially captured hold (then our own refund answers
     * are the record).
     */
    static ProviderSnapshot chargeRefunds(Charge charge) {
        Long refunded = refundedOfCaptured(charge);
        if (charge == null || charge.getPaymentIntent() == null || refunded == null) {
            return null;
        }
        long captured = charge.getAmountCaptured() == null ? 0 : charge.getAmountCaptured();
        return new ProviderSnapshot(charge.getPaymentIntent(), ProviderSnapshot.collectedStatus(captured, refunded),
                null, captured, refunded, null, null, null, null, null, null, null);
    }

    /** The object an error answer carried (a declined PaymentIntent, an expired hold), or null. */
    static ProviderSnapshot objectOf(StripeError error) {
        if (error.getPaymentIntent() != null) {
            return paymentIntent(error.getPaymentIntent());
        }
        if (error.getSetupIntent() != null) {
            return setupIntent(error.getSetupIntent());
        }
        return null;
    }

    /**
     * Refunded money of a fully captured charge. After a partial capture Stripe may count the
     * released rest in amount_refunded, so there the amount is not trusted (null).
     */
    private static Long refundedOfCaptured(Charge charge) {
        if (charge == null || !Boolean.TRUE.equals(charge.getCaptured()) || charge.getAmountRefunded() == null
                || charge.getAmountCaptured() == null || !charge.getAmountCaptured().equals(charge.getAmount())) {
            return null;
        }
        return charge.getAmountRefunded();
    }

    private static Instant captureBefore(Charge charge) {
        if (charge == null || charge.getPaymentMethodDetails() == null || charge.getPaymentMethodDetails().getCard() == null
                || charge.getPaymentMethodDetails().getCard().getCaptureBefore() == null) {
            return null;
        }
        return Instant.ofEpochSecond(charge.getPaymentMethodDetails().getCard().getCaptureBefore());
    }

    private static String declineCode(StripeError error) {
        return error.getDeclineCode() != null ? error.getDeclineCode() : error.getCode();
    }
}
