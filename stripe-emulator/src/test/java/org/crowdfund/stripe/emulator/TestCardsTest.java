package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.charge;
import static org.crowdfund.stripe.emulator.EmulatorTesting.customer;
import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Refund;
import com.stripe.model.SetupIntent;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SetupIntentCreateParams;
import java.util.List;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every test card through save, authorize, capture, void, refund and charge, as payment-service uses them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestCardsTest {

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

  private SetupIntent saveCard(Customer customer, TestCard card) throws StripeException {
    return stripe.v1().setupIntents().create(SetupIntentCreateParams.builder()
        .setCustomer(customer.getId())
        .setPaymentMethod(card.token())
        .addPaymentMethodType("card")
        .setUsage(SetupIntentCreateParams.Usage.OFF_SESSION)
        .setConfirm(true)
        .build());
  }

  private PaymentIntent offSessionHold(Customer customer, String paymentMethod, long amount) throws StripeException {
    return stripe.v1().paymentIntents().create(hold(amount).setCustomer(customer.getId())
        .setPaymentMethod(paymentMethod).setConfirm(true).setOffSession(true).build());
  }

  @ParameterizedTest
  @EnumSource(value = TestCard.class, names = {"VISA", "MASTERCARD"})
  void goodCardsSaveHoldCaptureAndRefundWithOneMovementEach(TestCard card) throws StripeException {
    Customer customer = customer(stripe);
    SetupIntent setup = saveCard(customer, card);
    assertEquals("succeeded", setup.getStatus());
    assertTrue(setup.getPaymentMethod().startsWith("pm_"));
    assertNotEquals(card.token(), setup.getPaymentMethod(), "a test token is cloned into a new pm_ object");
    PaymentMethod saved = stripe.v1().paymentMethods().retrieve(setup.getPaymentMethod());
    assertEquals(customer.getId(), saved.getCustomer());
    assertEquals(card.brand(), saved.getCard().getBrand());
    assertEquals(card.last4(), saved.getCard().getLast4());

    PaymentIntent held = offSessionHold(customer, saved.getId(), 5000);
    assertEquals("requires_capture", held.getStatus());
    assertEquals(5000L, held.getAmountCapturable());
    assertEquals(0L, held.getAmountReceived());
    PaymentIntent expanded = stripe.v1().paymentIntents().retrieve(held.getId(),
        PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build());
    Charge authorization = expanded.getLatestChargeObject();
    assertEquals(held.getLatestCharge(), authorization.getId());
    assertEquals(false, authorization.getCaptured());
    long offSessionWindow = card == TestCard.VISA ? (4 * 24 + 18) * 3600 : 7 * 24 * 3600;
    assertEquals(authorization.getCreated() + offSessionWindow,
        authorization.getPaymentMethodDetails().getCard().getCaptureBefore());

    PaymentIntent captured = stripe.v1().paymentIntents().capture(held.getId());
    assertEquals("succeeded", captured.getStatus());
    assertEquals(5000L, captured.getAmountReceived());
    assertEquals(0L, captured.getAmountCapturable());
    Charge charge = stripe.v1().charges().retrieve(captured.getLatestCharge());
    assertEquals(true, charge.getCaptured());
    assertEquals(5000L, charge.getAmountCaptured());

    Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(held.getId()).build());
    assertEquals(5000L, refund.getAmount());
    assertEquals("succeeded", refund.getStatus());
    Charge refunded = stripe.v1().charges().retrieve(captured.getLatestCharge());
    assertEquals(true, refunded.getRefunded());
    assertEquals(5000L, refunded.getAmountRefunded());
    assertEquals(List.of(Type.AUTHORIZED, Type.CAPTURED, Type.REFUNDED), types(held.getId()));
    assertEquals(0, emulator.ledger().collected(held.getId()));
  }

  @ParameterizedTest
  @EnumSource(value = TestCard.class, names = {"VISA", "MASTERCARD"})
  void goodCardsCanBeVoidedAndCharged(TestCard card) throws StripeException {
    Customer customer = customer(stripe);
    String paymentMethod = saveCard(customer, card).getPaymentMethod();

    PaymentIntent held = offSessionHold(customer, paymentMethod, 2500);
    PaymentIntent voided = stripe.v1().paymentIntents().cancel(held.getId(), PaymentIntentCancelParams.builder()
        .setCancellationReason(PaymentIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER).build());
    assertEquals("canceled", voided.getStatus());
    assertEquals("requested_by_customer", voided.getCancellationReason());
    assertEquals(0L, voided.getAmountCapturable());
    assertEquals(List.of(Type.AUTHORIZED, Type.VOIDED), types(held.getId()));
    assertEquals(0, emulator.ledger().held(held.getId()));

    PaymentIntent charged = stripe.v1().paymentIntents().create(charge(1999).setCustomer(customer.getId())
        .setPaymentMethod(paymentMethod).setConfirm(true).setOffSession(true).build());
    assertEquals("succeeded", charged.getStatus());
    assertEquals(1999L, charged.getAmountReceived());
    assertEquals(List.of(Type.CHARGED), types(charged.getId()));
    assertEquals(1999, emulator.ledger().collected(charged.getId()));
  }

  @ParameterizedTest
  @EnumSource(value = TestCard.class, names = {"CHARGE_DECLINED", "INSUFFICIENT_FUNDS"})
  void decliningCardsFailToSaveHoldAndChargeWithTheirDeclineCode(TestCard card) throws StripeException {
    Customer customer = customer(stripe);
    String declineCode = card.paymentDeclineCode().orElseThrow();

    CardException setupError = assertThrows(CardException.class, () -> saveCard(customer, card));
    assertEquals("card_declined", setupError.getCode());
    assertEquals(declineCode, setupError.getDeclineCode());
    assertEquals("requires_payment_method", setupError.getStripeError().getSetupIntent().getStatus());

    CardException attachError = assertThrows(CardException.class, () -> stripe.v1().paymentMethods()
        .attach(card.token(), PaymentMethodAttachParams.builder().setCustomer(customer.getId()).build()));
    assertEquals(declineCode, attachError.getDeclineCode());

    CardException holdError = assertThrows(CardException.class, () -> stripe.v1().paymentIntents()
        .create(hold(3000).setPaymentMethod(card.token()).setConfirm(true).build()));
    assertEquals("card_declined", holdError.getCode());
    assertEquals(declineCode, holdError.getDeclineCode());
    PaymentIntent failed = holdError.getStripeError().getPaymentIntent();
    assertEquals("requires_payment_method", failed.getStatus());
    assertEquals(declineCode, failed.getLastPaymentError().getDeclineCode());
    assertNull(failed.getPaymentMethod());
    Charge failedCharge = stripe.v1().charges().retrieve(failed.getLatestCharge());
    assertEquals("failed", failedCharge.getStatus());
    assertEquals("card_declined", failedCharge.getFailureCode());

    CardException chargeError = assertThrows(CardException.class, () -> stripe.v1().paymentIntents()
        .create(charge(3000).setPaymentMethod(card.token()).setConfirm(true).build()));
    assertEquals(declineCode, chargeError.getDeclineCode());
    assertTrue(types(failed.getId()).isEmpty(), "a decline moves no money");
    assertTrue(types(chargeError.getStripeError().getPaymentIntent().getId()).isEmpty());
  }

  @Test
  void chargeCustomerFailSavesButDeclinesEveryPayment() throws StripeException {
    Customer customer = customer(stripe);
    SetupIntent setup = saveCard(customer, TestCard.CHARGE_CUSTOMER_FAIL);
    assertEquals("succeeded", setup.getStatus());

    CardException error = assertThrows(CardException.class,
        () -> offSessionHold(customer, setup.getPaymentMethod(), 4000));
    assertEquals("generic_decline", error.getDeclineCode());
    assertTrue(types(error.getStripeError().getPaymentIntent().getId()).isEmpty());
  }

  @Test
  void authenticationRequiredCardFailsOffSessionAndAsksForActionOnSession() throws StripeException {
    Customer customer = customer(stripe);
    SetupIntent setup = saveCard(customer, TestCard.AUTHENTICATION_REQUIRED);
    assertEquals("requires_action", setup.getStatus());
    assertEquals("use_stripe_sdk", setup.getNextAction().getType());
    emulator.completeAuthentication(setup.getId(), true);
    SetupIntent authenticated = stripe.v1().setupIntents().retrieve(setup.getId());
    assertEquals("succeeded", authenticated.getStatus());
    String paymentMethod = authenticated.getPaymentMethod();

    CardException offSession = assertThrows(CardException.class, () -> offSessionHold(customer, paymentMethod, 1500));
    assertEquals("authentication_required", offSession.getCode());
    assertEquals("authentication_required", offSession.getDeclineCode());
    assertEquals("requires_payment_method", offSession.getStripeError().getPaymentIntent().getStatus());

    PaymentIntent onSession = stripe.v1().paymentIntents().create(hold(1500).setCustomer(customer.getId())
        .setPaymentMethod(paymentMethod).setConfirm(true).build());
    assertEquals("requires_action", onSession.getStatus());
    assertEquals("use_stripe_sdk", onSession.getNextAction().getType());
    assertTrue(types(onSession.getId()).isEmpty(), "nothing is held before the customer authenticates");
    emulator.completeAuthentication(onSession.getId(), true);
    assertEquals("requires_capture", stripe.v1().paymentIntents().retrieve(onSession.getId()).getStatus());
    assertEquals(List.of(Type.AUTHORIZED), types(onSession.getId()));
  }

  @Test
  void failedAuthenticationLeavesThePaymentIntentWithoutPaymentMethod() throws StripeException {
    PaymentIntent onSession = stripe.v1().paymentIntents().create(hold(1500)
        .setPaymentMethod(TestCard.AUTHENTICATION_REQUIRED.token()).setConfirm(true).build());
    emulator.completeAuthentication(onSession.getId(), false);
    PaymentIntent failed = stripe.v1().paymentIntents().retrieve(onSession.getId());
    assertEquals("requires_payment_method", failed.getStatus());
    assertEquals("payment_intent_authentication_failure", failed.getLastPaymentError().getCode());
  }

  @Test
  void authenticationRequiredOnSetupCardPaysOffSessionOnceSetUp() throws StripeException {
    Customer customer = customer(stripe);
    SetupIntent setup = saveCard(customer, TestCard.AUTHENTICATION_REQUIRED_ON_SETUP);
    assertEquals("requires_action", setup.getStatus());
    emulator.completeAuthentication(setup.getId(), true);
    String paymentMethod = stripe.v1().setupIntents().retrieve(setup.getId()).getPaymentMethod();

    PaymentIntent held = offSessionHold(customer, paymentMethod, 2000);
    assertEquals("requires_capture", held.getStatus());
  }

  @Test
  void captureDeclinedCardAuthorizesButFailsAtCaptureAndReleasesTheHold() throws StripeException {
    Customer customer = customer(stripe);
    String paymentMethod = saveCard(customer, TestCard.CAPTURE_DECLINED).getPaymentMethod();
    PaymentIntent held = offSessionHold(customer, paymentMethod, 7000);
    assertEquals("requires_capture", held.getStatus());

    CardException error = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().capture(held.getId()));
    assertEquals("card_declined", error.getCode());
    assertEquals("generic_decline", error.getDeclineCode());
    PaymentIntent after = stripe.v1().paymentIntents().retrieve(held.getId());
    assertEquals("requires_payment_method", after.getStatus());
    assertEquals(0L, after.getAmountCapturable());
    assertEquals(0L, after.getAmountReceived());
    assertEquals(List.of(Type.AUTHORIZED, Type.RELEASED), types(held.getId()));
    assertEquals(0, emulator.ledger().collected(held.getId()));
    assertEquals(0, emulator.ledger().held(held.getId()));
  }

  @Test
  void aSavedCardCanBeMadeToDeclineLater() throws StripeException {
    Customer customer = customer(stripe);
    String paymentMethod = saveCard(customer, TestCard.VISA).getPaymentMethod();
    emulator.behaveAs(paymentMethod, TestCard.INSUFFICIENT_FUNDS);

    CardException error = assertThrows(CardException.class, () -> offSessionHold(customer, paymentMethod, 1000));
    assertEquals("insufficient_funds", error.getDeclineCode());
  }

  private List<Type> types(String paymentIntentId) {
    return emulator.ledger().movementsOf(paymentIntentId).stream().map(MoneyMovement::type).toList();
  }
}
