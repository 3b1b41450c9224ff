package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.charge;
import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.RefundCreateParams;
import java.util.List;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureAndRefundTest {

  private StripeEmulator emulator;
  private StripeClient stripe;

  @BeforeAll
  void start() {
    emulator = EmulatorTesting.startEmulator();
    stripe = EmulatorTesting.client(emulator);
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  private PaymentIntent authorized(long amount) throws StripeException {
    return stripe.v1().paymentIntents().create(hold(amount).setPaymentMethod("pm_card_visa").setConfirm(true)
        .build());
  }

  @Test
  void partialCaptureTakesThatAmountAndReleasesTheRest() throws StripeException {
    PaymentIntent held = authorized(10_000);
    PaymentIntent captured = stripe.v1().paymentIntents().capture(held.getId(),
        PaymentIntentCaptureParams.builder().setAmountToCapture(6_000L).build());

    assertEquals("succeeded", captured.getStatus());
    assertEquals(6_000L, captured.getAmountReceived());
    assertEquals(0L, captured.getAmountCapturable());
    Charge charge = stripe.v1().charges().retrieve(captured.getLatestCharge());
    assertEquals(6_000L, charge.getAmountCaptured());
    assertEquals(10_000L, charge.getAmount());
    assertEquals(List.of(Type.AUTHORIZED, Type.CAPTURED, Type.RELEASED), types(held.getId()));
    assertEquals(4_000L, emulator.ledger().movementsOf(held.getId()).get(2).amount());
    assertEquals(6_000L, emulator.ledger().collected(held.getId()));
  }

  @Test
  void capturingMoreThanCapturableIsRejectedAndMovesNothing() throws StripeException {
    PaymentIntent held = authorized(5_000);
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().capture(held.getId(),
            PaymentIntentCaptureParams.builder().setAmountToCapture(5_001L).build()));

    assertEquals("amount_too_large", error.getCode());
    assertEquals("amount_to_capture", error.getParam());
    assertEquals("requires_capture", stripe.v1().paymentIntents().retrieve(held.getId()).getStatus());
    assertEquals(List.of(Type.AUTHORIZED), types(held.getId()));
  }

  @Test
  void capturingTwiceIsAnUnexpectedStateError() throws StripeException {
    PaymentIntent held = authorized(5_000);
    stripe.v1().paymentIntents().capture(held.getId());

    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().capture(held.getId()));
    assertEquals("payment_intent_unexpected_state", error.getCode());
    assertEquals(1, emulator.ledger().count(held.getId(), Type.CAPTURED));
  }

  @Test
  void cancelingACapturedPaymentIntentIsRefused() throws StripeException {
    PaymentIntent charged = stripe.v1().paymentIntents().create(charge(2_000).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().cancel(charged.getId()));
    assertEquals("payment_intent_unexpected_state", error.getCode());
  }

  @Test
  void partialRefundsAddUpToTheCapturedAmountAndNoMore() throws StripeException {
    PaymentIntent held = authorized(8_000);
    stripe.v1().paymentIntents().capture(held.getId(),
        PaymentIntentCaptureParams.builder().setAmountToCapture(5_000L).build());

    Refund first = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(held.getId())
        .setAmount(2_000L).build());
    assertEquals(2_000L, first.getAmount());
    assertEquals(false, stripe.v1().charges().retrieve(first.getCharge()).getRefunded());

    InvalidRequestException tooMuch = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(held.getId())
            .setAmount(3_001L).build()));
    assertEquals("amount", tooMuch.getParam());
    assertEquals("amount_too_large", tooMuch.getCode());

    Refund rest = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(held.getId()).build());
    assertEquals(3_000L, rest.getAmount());
    assertEquals(true, stripe.v1().charges().retrieve(rest.getCharge()).getRefunded());
    assertEquals(rest.getId(), stripe.v1().refunds().retrieve(rest.getId()).getId());

    InvalidRequestException already = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(held.getId()).build()));
    assertEquals("charge_already_refunded", already.getCode());
    assertEquals(0L, emulator.ledger().collected(held.getId()));
    assertEquals(2, emulator.ledger().count(held.getId(), Type.REFUNDED));
  }

  @Test
  void refundingAnUncapturedHoldIsRefused() throws StripeException {
    PaymentIntent held = authorized(3_000);
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(held.getId()).build()));
    assertEquals("charge_not_refundable", error.getCode());
    assertEquals(List.of(Type.AUTHORIZED), types(held.getId()));
  }

  @Test
  void confirmingLaterAuthorizesWithThePaymentMethodGivenThen() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(hold(2_500).putMetadata("pledge", "p-7").build());
    assertEquals("requires_payment_method", created.getStatus());
    PaymentIntent confirmed = stripe.v1().paymentIntents().confirm(created.getId(),
        PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_mastercard").build());
    assertEquals("requires_capture", confirmed.getStatus());
    assertEquals("p-7", confirmed.getMetadata().get("pledge"));
    assertEquals("p-7", stripe.v1().charges().retrieve(confirmed.getLatestCharge()).getMetadata().get("pledge"));
  }

  private List<Type> types(String paymentIntentId) {
    return emulator.ledger().movementsOf(paymentIntentId).stream().map(MoneyMovement::type).toList();
  }
}
