package org.crowdfund.pledge.app.steps;

import io.grpc.Status;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.proto.payment.v1.Payment;
import org.crowdfund.proto.payment.v1.PaymentStatus;

import java.time.Instant;
import java.util.Map;

import static org.crowdfund.platform.grpc.ProtoTime.instant;

/** What a payment-service answer means for a pledge. */
public final class PaymentAnswers {
    /** Stripe decline codes worth trying again later without the backer (temporary trouble). */
    private static final java.util.Set<String> RETRYABLE = java.util.Set.of("processing_error", "try_again_later",
            "issuer_not_available", "reenter_transaction", "approve_with_id", "insufficient_funds");

    private PaymentAnswers() {
    }

    public static boolean retryable(String declineCode) {
        return RETRYABLE.contains(declineCode);
    }

    /** A payment that failed or was cancelled is a card refusal the backer can act on. */
    public static ServiceException refusal(Payment payment) {
        String reason = payment.getFailureReason().isEmpty() ? "CARD_DECLINED" : payment.getFailureReason();
        if ("INSUFFICIENT_FUNDS".equals(reason)) {
            reason = "CARD_DECLINED";
        }
        String decline = payment.getDeclineCode();
        return new ServiceException(Status.Code.FAILED_PRECONDITION, reason,
                "the card was declined" + (decline.isEmpty() ? "" : " (" + decline + ")") + "; use another payment method",
                decline.isEmpty() ? Map.of("payment_id", payment.getPaymentId())
                        : Map.of("payment_id", payment.getPaymentId(), "decline_code", decline), java.util.List.of());
    }

    public static boolean needsBacker(Payment payment) {
        return payment.getStatus() == PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION;
    }

    public static boolean failed(Payment payment) {
        return payment.getStatus() == PaymentStatus.PAYMENT_STATUS_FAILED
                || payment.getStatus() == PaymentStatus.PAYMENT_STATUS_CANCELED
                || payment.getStatus() == PaymentStatus.PAYMENT_STATUS_EXPIRED;
    }

    /** Keeps the payment the backer must authenticate, with its URL, and moves the pledge to requires_action. */
    public static void awaitBacker(PledgeStore pledges, Pledge pledge, Payment payment, Instant now) {
        pledges.set(pledge.id(), now, "action_payment_id = ?, action_url = ?, action_client_secret = ?",
                payment.getPaymentId(), payment.getNextAction().getRedirectUrl(), payment.getNextAction().getClientSecret());
        if (pledge.status() != org.crowdfund.pledge.domain.PledgeStatus.REQUIRES_ACTION) {
            pledges.transition(pledge.id(), pledge.status(), org.crowdfund.pledge.domain.PledgeStatus.REQUIRES_ACTION, now);
        }
    }

    /**
     * Until when the hold can be captured: the provider's capture_before. Only when the provider
     * gave none (a provider or card that does not say) is it assumed to last {@code assumedHold}
     * from now (crowdfund.pledges.expected-on-session-hold), so the hold job still re-places it.
     */
    public static Instant captureBefore(Payment payment, Instant now, java.time.Duration assumedHold) {
        return payment.hasCaptureBefore() ? instant(payment.getCaptureBefore()) : now.plus(assumedHold);
    }
}
