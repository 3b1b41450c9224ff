package org.crowdfund.payment;

import io.grpc.Status;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.stripe.emulator.TestCard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.payment.PaymentApi.*;

/** Every test card of the emulator through save, authorize, capture, void, refund and charge. */
class TestCardsTest {

    @Test
    void visaAndMastercardSaveAuthorizeCaptureRefundVoidAndCharge() {
        for (TestCard card : List.of(TestCard.VISA, TestCard.MASTERCARD)) {
            Payment saved = savedCard(card);
            assertThat(saved.getKind()).isEqualTo(PaymentKind.PAYMENT_KIND_CARD_SETUP);
            assertThat(saved.getCustomerId()).startsWith("cus_");
            assertThat(saved.getPaymentMethodId()).startsWith("pm_");
            assertThat(saved.getProviderId()).startsWith("seti_");

            Payment hold = payments().authorize(authorizeRequest(saved, 5_000).build()).getPayment();
            assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
            assertThat(hold.getAmountCapturableMinor()).isEqualTo(5_000);
            assertThat(hold.hasCaptureBefore()).isTrue();

            Payment captured = payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                    .setPaymentId(hold.getPaymentId()).build()).getPayment();
            assertThat(captured.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
            assertThat(captured.getAmountCapturedMinor()).isEqualTo(5_000);

            RefundResponse refund = payments().refund(RefundRequest.newBuilder().setIdempotencyKey(key("refund"))
                    .setPaymentId(hold.getPaymentId()).setAmountMinor(1_000).build());
            assertThat(refund.getRefundId()).startsWith("re_");
            assertThat(refund.getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_PARTIALLY_REFUNDED);
            Payment refunded = payments().refund(RefundRequest.newBuilder().setIdempotencyKey(key("refund"))
                    .setPaymentId(hold.getPaymentId()).build()).getPayment();
            assertThat(refunded.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REFUNDED);
            assertThat(refunded.getAmountRefundedMinor()).isEqualTo(5_000);
            assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED, Type.CAPTURED, Type.REFUNDED,
                    Type.REFUNDED);

            Payment second = payments().authorize(authorizeRequest(saved, 2_000).build()).getPayment();
            Payment voided = payments().void_(VoidRequest.newBuilder().setIdempotencyKey(key("void"))
                    .setPaymentId(second.getPaymentId()).build()).getPayment();
            assertThat(voided.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_CANCELED);
            assertThat(ledgerOf(second.getProviderId())).containsExactly(Type.AUTHORIZED, Type.VOIDED);

            Payment charged = payments().charge(chargeRequest(saved, 3_000).build()).getPayment();
            assertThat(charged.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
            assertThat(charged.getKind()).isEqualTo(PaymentKind.PAYMENT_KIND_CHARGE);
            assertThat(ledgerOf(charged.getProviderId())).containsExactly(Type.CHARGED);
        }
    }

    @Test
    void aDeclinedCardIsRefusedAtSaveAndEveryPaymentWithCardDeclinedAndItsDeclineCode() {
        var save = assertRefused(() -> payments().savePaymentMethod(saveRequest(TestCard.CHARGE_DECLINED.token())),
                Status.Code.FAILED_PRECONDITION, "CARD_DECLINED");
        assertThat(metadata(save)).containsEntry("decline_code", "generic_decline").containsKey("payment_id");
        assertThat(get(metadata(save).get("payment_id")).getPayment().getStatus())
                .isEqualTo(PaymentStatus.PAYMENT_STATUS_FAILED);

        Payment fresh = Payment.newBuilder().setPaymentMethodId(TestCard.CHARGE_DECLINED.token())
                .setBackerId("backer-" + java.util.UUID.randomUUID()).build();
        var hold = assertRefused(() -> payments().authorize(authorizeRequest(fresh, 2_000).setOffSession(false).build()),
                Status.Code.FAILED_PRECONDITION, "CARD_DECLINED");
        Payment failed = get(metadata(hold).get("payment_id")).getPayment();
        assertThat(failed.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_FAILED);
        assertThat(failed.getFailureReason()).isEqualTo("CARD_DECLINED");
        assertThat(failed.getDeclineCode()).isEqualTo("generic_decline");
        assertThat(ledgerOf(failed.getProviderId())).isEmpty();
        assertRefused(() -> payments().charge(chargeRequest(fresh, 2_000).setOffSession(false).build()),
                Status.Code.FAILED_PRECONDITION, "CARD_DECLINED");
    }

    @Test
    void aCardWithoutFundsIsRefusedWithInsufficientFunds() {
        var save = assertRefused(() -> payments().savePaymentMethod(saveRequest(TestCard.INSUFFICIENT_FUNDS.token())),
                Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_FUNDS");
        assertThat(metadata(save)).containsEntry("decline_code", "insufficient_funds");
        Payment fresh = Payment.newBuilder().setPaymentMethodId(TestCard.INSUFFICIENT_FUNDS.token())
                .setBackerId("backer-" + java.util.UUID.randomUUID()).build();
        assertRefused(() -> payments().authorize(authorizeRequest(fresh, 2_000).setOffSession(false).build()),
                Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_FUNDS");
        var charge = assertRefused(() -> payments().charge(chargeRequest(fresh, 2_000).setOffSession(false).build()),
                Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_FUNDS");
        assertThat(ledgerOf(get(metadata(charge).get("payment_id")).getPayment().getProviderId())).isEmpty();
    }

    @Test
    void aCardThatSavesButFailsLaterIsDeclinedOnEveryPayment() {
        Payment saved = savedCard(TestCard.CHARGE_CUSTOMER_FAIL);
        var hold = assertRefused(() -> payments().authorize(authorizeRequest(saved, 2_000).build()),
                Status.Code.FAILED_PRECONDITION, "CARD_DECLINED");
        assertThat(metadata(hold)).containsEntry("decline_code", "generic_decline");
        assertRefused(() -> payments().charge(chargeRequest(saved, 2_000).build()),
                Status.Code.FAILED_PRECONDITION, "CARD_DECLINED");
    }

    @Test
    void aCardThatAlwaysAuthenticatesNeedsTheBackerOnSessionAndFailsOffSession() {
        Payment setup = payments().savePaymentMethod(saveRequest(TestCard.AUTHENTICATION_REQUIRED.token())).getPayment();
        assertThat(setup.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION);
        assertThat(setup.getNextAction().getRedirectUrl()).contains(setup.getProviderId());
        assertThat(setup.getNextAction().getClientSecret()).startsWith(setup.getProviderId());
        stripe().completeAuthentication(setup.getProviderId(), true);
        Payment saved = payments().getPayment(GetPaymentRequest.newBuilder().setPaymentId(setup.getPaymentId())
                .setRefresh(true).build()).getPayment();
        assertThat(saved.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);

        var offSession = assertRefused(() -> payments().authorize(authorizeRequest(saved, 2_000).build()),
                Status.Code.FAILED_PRECONDITION, "AUTHENTICATION_REQUIRED");
        assertThat(metadata(offSession)).containsEntry("decline_code", "authentication_required");

        Payment onSession = payments().authorize(authorizeRequest(saved, 2_000).setOffSession(false).build()).getPayment();
        assertThat(onSession.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION);
        stripe().completeAuthentication(onSession.getProviderId(), true);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                get(onSession.getPaymentId()).getPayment().getStatus() == PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        Payment captured = payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(onSession.getPaymentId()).build()).getPayment();
        assertThat(captured.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(ledgerOf(onSession.getProviderId())).containsExactly(Type.AUTHORIZED, Type.CAPTURED);
    }

    @Test
    void aCardAuthenticatedOnceAtSavePaysOffSessionAfterwards() {
        Payment setup = payments().savePaymentMethod(saveRequest(TestCard.AUTHENTICATION_REQUIRED_ON_SETUP.token()))
                .getPayment();
        assertThat(setup.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION);
        stripe().completeAuthentication(setup.getProviderId(), true);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                get(setup.getPaymentId()).getPayment().getStatus() == PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        Payment saved = get(setup.getPaymentId()).getPayment();

        Payment hold = payments().authorize(authorizeRequest(saved, 4_000).build()).getPayment();
        assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        Payment voided = payments().void_(VoidRequest.newBuilder().setIdempotencyKey(key("void"))
                .setPaymentId(hold.getPaymentId()).build()).getPayment();
        assertThat(voided.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_CANCELED);
        Payment charged = payments().charge(chargeRequest(saved, 4_000).build()).getPayment();
        assertThat(charged.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
    }

    @Test
    void aCardDeclinedAtCaptureFailsThePaymentAndReleasesTheHold() {
        Payment saved = savedCard(TestCard.CAPTURE_DECLINED);
        Payment hold = payments().authorize(authorizeRequest(saved, 6_000).build()).getPayment();
        assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);

        var capture = assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).build()), Status.Code.FAILED_PRECONDITION, "CARD_DECLINED");
        assertThat(metadata(capture)).containsEntry("decline_code", "generic_decline")
                .containsEntry("payment_id", hold.getPaymentId());
        Payment failed = get(hold.getPaymentId()).getPayment();
        assertThat(failed.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_FAILED);
        assertThat(failed.getAmountCapturableMinor()).isZero();
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED, Type.RELEASED);

        Payment other = payments().authorize(authorizeRequest(saved, 1_000).build()).getPayment();
        assertThat(payments().void_(VoidRequest.newBuilder().setIdempotencyKey(key("void"))
                .setPaymentId(other.getPaymentId()).build()).getPayment().getStatus())
                .isEqualTo(PaymentStatus.PAYMENT_STATUS_CANCELED);
        Payment charged = payments().charge(chargeRequest(saved, 1_000).build()).getPayment();
        assertThat(charged.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(payments().refund(RefundRequest.newBuilder().setIdempotencyKey(key("refund"))
                .setPaymentId(charged.getPaymentId()).build()).getPayment().getStatus())
                .isEqualTo(PaymentStatus.PAYMENT_STATUS_REFUNDED);
    }

    @Test
    void aPartialCaptureTakesPartAndReleasesTheRest() {
        Payment hold = authorized(10_000);
        Payment captured = payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).setAmountMinor(7_500).build()).getPayment();
        assertThat(captured.getAmountCapturedMinor()).isEqualTo(7_500);
        assertThat(stripe().ledger().collected(hold.getProviderId())).isEqualTo(7_500);
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED, Type.CAPTURED, Type.RELEASED);
        Payment refunded = payments().refund(RefundRequest.newBuilder().setIdempotencyKey(key("refund"))
                .setPaymentId(hold.getPaymentId()).build()).getPayment();
        assertThat(refunded.getAmountRefundedMinor()).isEqualTo(7_500);
        assertThat(refunded.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REFUNDED);
        assertThat(stripe().ledger().collected(hold.getProviderId())).isZero();
    }
}
