package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.crowdfund.stripe.emulator.EmulatorTesting.key;
import static org.crowdfund.stripe.emulator.EmulatorTesting.newKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyTest {

  private StripeEmulator emulator;
  private StripeClient stripe;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    emulator = EmulatorTesting.startEmulator();
    stripe = EmulatorTesting.client(emulator);
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  @Test
  void sameKeyAndParametersReplaysTheSavedResponseWithoutASecondMovement() throws StripeException {
    String key = newKey();
    PaymentIntent first = stripe.v1().paymentIntents().create(
        hold(4200).setPaymentMethod("pm_card_visa").setConfirm(true).putMetadata("pledge", "p1").build(), key(key));
    PaymentIntent second = stripe.v1().paymentIntents().create(
        hold(4200).setPaymentMethod("pm_card_visa").setConfirm(true).putMetadata("pledge", "p1").build(), key(key));

    assertEquals(first.getId(), second.getId());
    assertEquals(first.getLastResponse().body(), second.getLastResponse().body());
    assertEquals("true", second.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
    assertNull(first.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
    assertEquals(1, emulator.ledger().count(first.getId(), MoneyMovement.Type.AUTHORIZED));
  }

  @Test
  void retriedCaptureCapturesOnce() throws StripeException {
    PaymentIntent held = stripe.v1().paymentIntents().create(hold(3000).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    String key = "capture-" + held.getId();
    stripe.v1().paymentIntents().capture(held.getId(), PaymentIntentCaptureParams.builder().build(), key(key));
    PaymentIntent again = stripe.v1().paymentIntents().capture(held.getId(), PaymentIntentCaptureParams.builder()
        .build(), key(key));

    assertEquals("succeeded", again.getStatus());
    assertEquals(1, emulator.ledger().count(held.getId(), MoneyMovement.Type.CAPTURED));
  }

  @Test
  void sameKeyWithOtherParametersIsAnIdempotencyError() throws StripeException {
    String key = newKey();
    stripe.v1().paymentIntents().create(hold(1000).build(), key(key));

    IdempotencyException error = assertThrows(IdempotencyException.class,
        () -> stripe.v1().paymentIntents().create(hold(2000).build(), key(key)));
    assertEquals(400, error.getStatusCode());
    assertEquals("idempotency_error", error.getStripeError().getType());
    assertTrue(error.getMessage().contains("same parameters"));
  }

  @Test
  void sameKeyOnAnotherEndpointIsAnIdempotencyError() throws StripeException {
    String key = newKey();
    PaymentIntent created = stripe.v1().paymentIntents().create(hold(1000).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build(), key(key));

    IdempotencyException error = assertThrows(IdempotencyException.class,
        () -> stripe.v1().paymentIntents().capture(created.getId(), PaymentIntentCaptureParams.builder().build(),
            key(key)));
    assertTrue(error.getMessage().contains("same endpoint"));
  }

  @Test
  void keysAreScopedPerApiKey() throws Exception {
    String key = newKey();
    HttpResponse<String> first = post("sk_test_account_one", key, "amount=1000&currency=usd");
    HttpResponse<String> second = post("sk_test_account_two", key, "amount=2000&currency=usd");

    assertEquals(200, first.statusCode());
    assertEquals(200, second.statusCode(), "another API key does not see the first key");
  }

  @Test
  void aDeclineIsReplayedLikeAnyResultThatRan() throws StripeException {
    String key = newKey();
    CardException first = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().create(
        hold(1000).setPaymentMethod("pm_card_chargeDeclined").setConfirm(true).build(), key(key)));
    CardException replay = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().create(
        hold(1000).setPaymentMethod("pm_card_chargeDeclined").setConfirm(true).build(), key(key)));

    assertEquals(first.getStripeError().getPaymentIntent().getId(), replay.getStripeError().getPaymentIntent().getId());
  }

  @Test
  void aValidationErrorIsNotSavedSoTheKeyCanBeUsedAgain() throws StripeException {
    String key = newKey();
    assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().create(
        hold(1000).setCurrency("zzz").build(), key(key)));

    PaymentIntent created = stripe.v1().paymentIntents().create(hold(1000).build(), key(key));
    assertEquals("requires_payment_method", created.getStatus());
  }

  @Test
  void keysExpireAfterTwentyFourHoursOfEmulatorTime() throws StripeException {
    try (StripeEmulator own = EmulatorTesting.startEmulator()) {
      StripeClient client = EmulatorTesting.client(own);
      String key = newKey();
      PaymentIntent first = client.v1().paymentIntents().create(hold(1000).build(), key(key));
      own.clock().advance(Duration.ofHours(24));

      PaymentIntent second = client.v1().paymentIntents().create(hold(2000).build(), key(key));
      assertNotEquals(first.getId(), second.getId());
    }
  }

  @Test
  void getRequestsIgnoreTheIdempotencyKey() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(hold(1000).build());
    PaymentIntent retrieved = stripe.v1().paymentIntents().retrieve(created.getId(),
        PaymentIntentRetrieveParams.builder().build(), key("any-key"));
    assertNull(retrieved.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
  }

  private HttpResponse<String> post(String apiKey, String idempotencyKey, String form)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/payment_intents"))
        .header("Authorization", "Bearer " + apiKey)
        .header("Idempotency-Key", idempotencyKey)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
