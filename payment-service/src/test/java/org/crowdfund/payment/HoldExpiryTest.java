package org.crowdfund.payment;

import io.grpc.Status;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.stripe.emulator.TestCard;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.payment.PaymentApi.*;

/** A hold lasts until the provider's capture_before (shorter off session); it is re-placed before it lapses. */
class HoldExpiryTest {

    /** Moves the provider's clock to just past the hold's capture_before (the provider's deadline, never a constant). */
    private static void pastCaptureBefore(Payment hold, Duration by) {
        long seconds = hold.getCaptureBefore().getSeconds() - stripe().clock().instant().getEpochSecond();
        stripe().clock().advance(Duration.ofSeconds(Math.max(0, seconds)).plus(by));
    }

    /** Moves the provider's clock to a day before the hold's capture_before. */
    private static void dayBeforeCaptureBefore(Payment hold) {
        long seconds = hold.getCaptureBefore().getSeconds() - stripe().clock().instant().getEpochSecond();
        stripe().clock().advance(Duration.ofSeconds(seconds).minusDays(1));
    }

    @Test
    void aHoldNotCapturedByItsCaptureBeforeExpiresAndCaptureIsRefusedWithHoldExpired() {
        Payment hold = authorized(9_000);
        assertThat(hold.hasCaptureBefore()).isTrue();

        pastCaptureBefore(hold, Duration.ofMinutes(1));
        var e = assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).build()), Status.Code.FAILED_PRECONDITION, "HOLD_EXPIRED");
        assertThat(metadata(e)).containsEntry("payment_id", hold.getPaymentId());
        assertThat(get(hold.getPaymentId()).getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_EXPIRED);
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED, Type.RELEASED);
    }

    @Test
    void aHoldReauthorizedBeforeItLapsesIsCapturedAfterTheOldOneWouldHaveExpired() {
        Payment old = authorized(12_000);
        dayBeforeCaptureBefore(old);
        ReauthorizeResponse replaced = payments().reauthorize(ReauthorizeRequest.newBuilder()
                .setIdempotencyKey(key("reauthorize")).setPaymentId(old.getPaymentId()).build());
        Payment fresh = replaced.getPayment();
        assertThat(fresh.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(fresh.getReplacesPaymentId()).isEqualTo(old.getPaymentId());
        assertThat(fresh.getAmountMinor()).isEqualTo(12_000);
        assertThat(fresh.getCaptureBefore().getSeconds()).isGreaterThan(old.getCaptureBefore().getSeconds());
        assertThat(replaced.getPrevious().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_CANCELED);
        assertThat(replaced.getPrevious().getReplacedByPaymentId()).isEqualTo(fresh.getPaymentId());

        pastCaptureBefore(old, Duration.ofHours(1));
        assertThat(fresh.getCaptureBefore().getSeconds()).isGreaterThan(stripe().clock().instant().getEpochSecond());
        Payment captured = payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(fresh.getPaymentId()).build()).getPayment();
        assertThat(captured.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(ledgerOf(old.getProviderId())).containsExactly(Type.AUTHORIZED, Type.VOIDED);
        assertThat(ledgerOf(fresh.getProviderId())).containsExactly(Type.AUTHORIZED, Type.CAPTURED);
    }

    @Test
    void aHoldThatLapsedCanBeReplacedByANewOne() {
        Payment old = authorized(3_000);
        pastCaptureBefore(old, Duration.ofDays(1));
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
            pastCaptureBefore(hold, Duration.ofHours(1));
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
