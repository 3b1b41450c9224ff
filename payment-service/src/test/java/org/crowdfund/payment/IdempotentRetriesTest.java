package org.crowdfund.payment;

import io.grpc.Status;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.LostResponseMode;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.stripe.emulator.TestCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.payment.PaymentApi.*;

/** Retrying any operation with its idempotency key never moves money twice. */
class IdempotentRetriesTest {

    @AfterEach
    void clearFaults() {
        stripe().faults().clear().rateLimit(0);
    }

    @Test
    void everyOperationRetriedWithTheSameKeyGivesTheSameResultAndMovesMoneyOnce() {
        SavePaymentMethodRequest save = saveRequest(TestCard.VISA.token());
        Payment card = payments().savePaymentMethod(save).getPayment();
        assertThat(payments().savePaymentMethod(save).getPayment()).isEqualTo(card);

        AuthorizeRequest authorize = authorizeRequest(card, 8_000).build();
        Payment hold = payments().authorize(authorize).getPayment();
        assertThat(payments().authorize(authorize).getPayment()).isEqualTo(hold);
        assertThat(movements(hold.getProviderId(), Type.AUTHORIZED)).isEqualTo(1);

        CaptureRequest capture = CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).build();
        Payment captured = payments().capture(capture).getPayment();
        assertThat(payments().capture(capture).getPayment()).isEqualTo(captured);
        assertThat(movements(hold.getProviderId(), Type.CAPTURED)).isEqualTo(1);

        RefundRequest refund = RefundRequest.newBuilder().setIdempotencyKey(key("refund"))
                .setPaymentId(hold.getPaymentId()).setAmountMinor(3_000).build();
        RefundResponse refunded = payments().refund(refund);
        assertThat(payments().refund(refund)).isEqualTo(refunded);
        assertThat(movements(hold.getProviderId(), Type.REFUNDED)).isEqualTo(1);
        assertThat(refunded.getPayment().getAmountRefundedMinor()).isEqualTo(3_000);

        Payment second = payments().authorize(authorizeRequest(card, 2_000).build()).getPayment();
        VoidRequest voidRequest = VoidRequest.newBuilder().setIdempotencyKey(key("void")).setPaymentId(second.getPaymentId())
                .build();
        Payment voided = payments().void_(voidRequest).getPayment();
        assertThat(payments().void_(voidRequest).getPayment()).isEqualTo(voided);
        assertThat(ledgerOf(second.getProviderId())).containsExactly(Type.AUTHORIZED, Type.VOIDED);

        ChargeRequest charge = chargeRequest(card, 1_500).build();
        Payment charged = payments().charge(charge).getPayment();
        assertThat(payments().charge(charge).getPayment()).isEqualTo(charged);
        assertThat(ledgerOf(charged.getProviderId())).containsExactly(Type.CHARGED);

        Payment third = payments().authorize(authorizeRequest(card, 2_500).build()).getPayment();
        ReauthorizeRequest reauthorize = ReauthorizeRequest.newBuilder().setIdempotencyKey(key("reauthorize"))
                .setPaymentId(third.getPaymentId()).build();
        ReauthorizeResponse replaced = payments().reauthorize(reauthorize);
        assertThat(payments().reauthorize(reauthorize)).isEqualTo(replaced);
        assertThat(ledgerOf(replaced.getPayment().getProviderId())).containsExactly(Type.AUTHORIZED);
        assertThat(ledgerOf(third.getProviderId())).containsExactly(Type.AUTHORIZED, Type.VOIDED);
    }

    @Test
    void aRefusalIsRepeatedForARetryWithTheSameKey() {
        Payment card = savedCard(TestCard.CHARGE_CUSTOMER_FAIL);
        AuthorizeRequest authorize = authorizeRequest(card, 2_000).build();
        var first = assertRefused(() -> payments().authorize(authorize), Status.Code.FAILED_PRECONDITION, "CARD_DECLINED");
        var again = assertRefused(() -> payments().authorize(authorize), Status.Code.FAILED_PRECONDITION, "CARD_DECLINED");
        assertThat(metadata(again)).isEqualTo(metadata(first));
        assertThat(again.getStatus().getDescription()).isEqualTo(first.getStatus().getDescription());
    }

    @Test
    void aKeyUsedAgainForADifferentRequestIsRefused() {
        Payment card = savedCard(TestCard.VISA);
        AuthorizeRequest authorize = authorizeRequest(card, 2_000).build();
        Payment hold = payments().authorize(authorize).getPayment();
        assertRefused(() -> payments().authorize(authorize.toBuilder().setAmountMinor(2_001).build()),
                Status.Code.INVALID_ARGUMENT, "IDEMPOTENCY_KEY_REUSED");
        assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(authorize.getIdempotencyKey())
                .setPaymentId(hold.getPaymentId()).build()), Status.Code.INVALID_ARGUMENT, "IDEMPOTENCY_KEY_REUSED");
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED);
    }

    @Test
    void aCaptureWhoseAnswerWasLostIsReplayedByStripeJavaAndCapturesOnce() {
        Payment hold = authorized(4_000);
        stripe().faults().onlyFor("POST /v1/payment_intents/.*/capture").loseNextResponses(1);
        Payment captured = payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).build()).getPayment();
        assertThat(captured.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED, Type.CAPTURED);
    }

    @Test
    void anAuthorizationWhoseConnectionDroppedAfterTheProviderActedIsAdoptedOnRetry() {
        Payment card = savedCard(TestCard.VISA);
        AuthorizeRequest authorize = authorizeRequest(card, 3_300).build();
        stripe().faults().lostResponseMode(LostResponseMode.CONNECTION_CLOSED).onlyFor("POST /v1/payment_intents")
                .loseNextResponses(1);
        var lost = assertRefused(() -> payments().authorize(authorize), Status.Code.UNAVAILABLE, "PROVIDER_UNAVAILABLE");
        String paymentId = metadata(lost).get("payment_id");
        assertThat(get(paymentId).getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_PENDING);

        Payment hold = payments().authorize(authorize).getPayment();
        assertThat(hold.getPaymentId()).isEqualTo(paymentId);
        assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED);
    }

    @Test
    void aCaptureLeftPendingByALostAnswerIsFinishedByTheRecoveryJobWithoutARetry() {
        Payment hold = authorized(5_500);
        PaymentServiceHarness.withoutWebhooks(() -> {
            stripe().faults().lostResponseMode(LostResponseMode.CONNECTION_CLOSED)
                    .onlyFor("POST /v1/payment_intents/.*/capture").loseNextResponses(1);
            assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                    .setPaymentId(hold.getPaymentId()).build()), Status.Code.UNAVAILABLE, "PROVIDER_UNAVAILABLE");
            assertThat(movements(hold.getProviderId(), Type.CAPTURED)).isEqualTo(1);

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    get(hold.getPaymentId()).getPayment().getStatus() == PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        });
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED, Type.CAPTURED);
        assertThat(get(hold.getPaymentId()).getHistoryList()).extracting(StatusChange::getSource).contains("recovery");
    }
}
