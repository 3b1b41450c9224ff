package org.crowdfund.payment;

import io.grpc.Status;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.stripe.emulator.TestCard;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.payment.PaymentApi.*;

/** Authorizations last seven days of the provider's time; a hold is re-placed before it lapses. */
class HoldExpiryTest {

    @Test
    void aHoldNotCapturedWithinSevenDaysExpiresAndCaptureIsRefusedWithHoldExpired() {
        Payment hold = authorized(9_000);
        assertThat(Duration.between(java.time.Instant.ofEpochSecond(hold.getCreatedAt().getSeconds()),
                java.time.Instant.ofEpochSecond(hold.getCaptureBefore().getSeconds()))).isGreaterThan(Duration.ofDays(6));

        stripe().clock().advance(Duration.ofDays(7).plusMinutes(1));
        var e = assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).build()), Status.Code.FAILED_PRECONDITION, "HOLD_EXPIRED");
        assertThat(metadata(e)).containsEntry("payment_id", hold.getPaymentId());
        assertThat(get(hold.getPaymentId()).getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_EXPIRED);
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED, Type.RELEASED);
    }

    @Test
    void aHoldReauthorizedBeforeItLapsesIsCapturedAfterTheOldOneWouldHaveExpired() {
        Payment old = authorized(12_000);
        stripe().clock().advance(Duration.ofDays(6));
        ReauthorizeResponse replaced = payments().reauthorize(ReauthorizeRequest.newBuilder()
                .setIdempotencyKey(key("reauthorize")).setPaymentId(old.getPaymentId()).build());
        Payment fresh = replaced.getPayment();
        assertThat(fresh.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(fresh.getReplacesPaymentId()).isEqualTo(old.getPaymentId());
        assertThat(fresh.getAmountMinor()).isEqualTo(12_000);
        assertThat(fresh.getCaptureBefore().getSeconds()).isGreaterThan(old.getCaptureBefore().getSeconds());
        assertThat(replaced.getPrevious().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_CANCELED);
        assertThat(replaced.getPrevious().getReplacedByPaymentId()).isEqualTo(fresh.getPaymentId());

        stripe().clock().advance(Duration.ofDays(2));
        Payment captured = payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(fresh.getPaymentId()).build()).getPayment();
        assertThat(captured.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(ledgerOf(old.getProviderId())).containsExactly(Type.AUTHORIZED, Type.VOIDED);
        assertThat(ledgerOf(fresh.getProviderId())).containsExactly(Type.AUTHORIZED, Type.CAPTURED);
    }

    @Test
    void aHoldThatLapsedCanBeReplacedByANewOne() {
        Payment old = authorized(3_000);
        stripe().clock().advance(Duration.ofDays(8));
        ReauthorizeResponse replaced = payments().reauthorize(ReauthorizeRequest.newBuilder()
                .setIdempotencyKey(key("reauthorize")).setPaymentId(old.getPaymentId()).build());
        assertThat(replaced.getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(replaced.getPrevious().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_EXPIRED);
        assertThat(ledgerOf(old.getProviderId())).containsExactly(Type.AUTHORIZED, Type.RELEASED);
    }

    @Test
    void voidingAHoldThatLapsedUnnoticedSucceedsAndMovesNoMoney() {
        Payment hold = authorized(3_500);
        PaymentServiceHarness.withoutWebhooks(() -> {
            stripe().clock().advance(Duration.ofDays(7).plusHours(1));
            Payment voided = payments().void_(VoidRequest.newBuilder().setIdempotencyKey(key("void"))
                    .setPaymentId(hold.getPaymentId()).build()).getPayment();
            assertThat(voided.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_EXPIRED);
        });
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED, Type.RELEASED);
    }

    @Test
    void aDeclinedReauthorizationKeepsTheOldHold() {
        Payment card = savedCard(TestCard.VISA);
        Payment old = payments().authorize(authorizeRequest(card, 5_000).build()).getPayment();
        stripe().behaveAs(card.getPaymentMethodId(), TestCard.INSUFFICIENT_FUNDS);
        var e = assertRefused(() -> payments().reauthorize(ReauthorizeRequest.newBuilder()
                .setIdempotencyKey(key("reauthorize")).setPaymentId(old.getPaymentId()).build()),
                Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_FUNDS");
        assertThat(get(metadata(e).get("payment_id")).getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_FAILED);
        Payment kept = get(old.getPaymentId()).getPayment();
        assertThat(kept.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(kept.getReplacedByPaymentId()).isEmpty();
        assertThat(ledgerOf(old.getProviderId())).containsExactly(Type.AUTHORIZED);
    }
}
