package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.param.testhelpers.TestClockAdvanceParams;
import com.stripe.param.testhelpers.TestClockCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uncaptured holds end after seven days of emulator time, however the clock is moved. */
class HoldExpiryTest {

  private StripeEmulator emulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    emulator = EmulatorTesting.startEmulator();
    stripe = EmulatorTesting.client(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private PaymentIntent authorized() throws StripeException {
    return stripe.v1().paymentIntents().create(hold(4_000).setPaymentMethod("pm_card_visa").setConfirm(true)
        .build());
  }

  @Test
  void aHoldIsStillCapturableJustBeforeSevenDays() throws StripeException {
    PaymentIntent held = authorized();
    emulator.clock().advance(Duration.ofDays(7).minusMinutes(1));

    assertEquals("succeeded", stripe.v1().paymentIntents().capture(held.getId()).getStatus());
  }

  @Test
  void aHoldExpiresAfterSevenDaysAsCanceledAutomaticWithTheReleaseInTheLedger() throws StripeException {
    PaymentIntent held = authorized();
    Charge authorization = stripe.v1().charges().retrieve(held.getLatestCharge());
    emulator.clock().advance(Duration.ofDays(7));

    PaymentIntent expired = stripe.v1().paymentIntents().retrieve(held.getId());
    assertEquals("canceled", expired.getStatus());
    assertEquals("automatic", expired.getCancellationReason());
    assertEquals(0L, expired.getAmountCapturable());
    assertEquals(authorization.getPaymentMethodDetails().getCard().getCaptureBefore(), expired.getCanceledAt());
    assertEquals(List.of(Type.AUTHORIZED, Type.RELEASED), emulator.ledger().movementsOf(held.getId()).stream()
        .map(MoneyMovement::type).toList());
    assertEquals("expired", emulator.ledger().movementsOf(held.getId()).get(1).reason());

    InvalidRequestException late = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().capture(held.getId()));
    assertEquals("payment_intent_unexpected_state", late.getCode());
  }

  @Test
  void stripeShapedTestClocksMoveTheEmulatorClock() throws StripeException {
    PaymentIntent held = authorized();
    long now = emulator.clock().epochSecond();
    TestClock clock = stripe.v1().testHelpers().testClocks().create(
        TestClockCreateParams.builder().setFrozenTime(now).setName("campaign end").build());
    assertEquals("ready", clock.getStatus());

    TestClock advanced = stripe.v1().testHelpers().testClocks().advance(clock.getId(),
        TestClockAdvanceParams.builder().setFrozenTime(now + Duration.ofDays(8).toSeconds()).build());
    assertEquals(now + Duration.ofDays(8).toSeconds(), advanced.getFrozenTime());
    assertEquals("canceled", stripe.v1().paymentIntents().retrieve(held.getId()).getStatus());
    assertEquals(now + Duration.ofDays(8).toSeconds(), emulator.clock().epochSecond(), 2);
  }

  @Test
  void theControlEndpointAdvancesTheClockToo() throws Exception {
    PaymentIntent held = authorized();
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(emulator.baseUrl() + "/_emulator/clock/advance?seconds=" + Duration.ofDays(7).toSeconds()))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals("canceled", stripe.v1().paymentIntents().retrieve(held.getId()).getStatus());
  }
}
