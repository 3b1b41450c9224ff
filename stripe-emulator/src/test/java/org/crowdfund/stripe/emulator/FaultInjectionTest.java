package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.crowdfund.stripe.emulator.EmulatorTesting.key;
import static org.crowdfund.stripe.emulator.EmulatorTesting.newKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCaptureParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {

  private StripeEmulator emulator;
  private StripeClient stripe;

  @BeforeAll
  void start() {
    emulator = EmulatorTesting.startEmulator();
    stripe = EmulatorTesting.client(emulator);
  }

  @AfterEach
  void clearFaults() {
    emulator.faults().clear();
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  private PaymentIntent authorized() throws StripeException {
    return stripe.v1().paymentIntents().create(hold(2_000).setPaymentMethod("pm_card_visa").setConfirm(true)
        .build());
  }

  @Test
  void requestsOverTheRateLimitAreRateLimitExceptionsInStripeJava() {
    emulator.faults().rateLimit(3);
    RateLimitException error = assertThrows(RateLimitException.class, () -> {
      for (int i = 0; i < 20; i++) {
        stripe.v1().customers().create(CustomerCreateParams.builder().build());
      }
    });
    assertEquals(429, error.getStatusCode());
    assertEquals("rate_limit", error.getCode());
    assertEquals("invalid_request_error", error.getStripeError().getType());
  }

  @Test
  void theDefaultRateLimitIsStripesTestModeLimit() {
    try (StripeEmulator limited = StripeEmulator.builder().port(0).build().start()) {
      assertEquals(25, limited.faults().rateLimit());
      StripeClient client = EmulatorTesting.client(limited);
      assertThrows(RateLimitException.class, () -> {
        for (int i = 0; i < 100; i++) {
          client.v1().customers().create(CustomerCreateParams.builder().build());
        }
      });
    }
  }

  @Test
  void injectedLatencyDelaysEveryRequest() throws StripeException {
    emulator.faults().latency(Duration.ofMillis(300));
    long started = System.nanoTime();
    stripe.v1().customers().create(CustomerCreateParams.builder().build());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 300);
  }

  @Test
  void injectedErrorsAre500ApiErrorsAndApplyNothing() {
    emulator.faults().failNext(1);
    int movementsBefore = emulator.ledger().movements().size();
    ApiException error = assertThrows(ApiException.class, this::authorized);
    assertEquals(500, error.getStatusCode());
    assertEquals("api_error", error.getStripeError().getType());
    assertEquals(movementsBefore, emulator.ledger().movements().size());
  }

  @Test
  void stripeJavaRetriesAnInjectedErrorAndSucceeds() throws StripeException {
    emulator.faults().errorRate(1.0).onlyFor("POST /v1/customers");
    assertThrows(ApiException.class, () -> stripe.v1().customers().create(CustomerCreateParams.builder().build()));
    emulator.faults().errorRate(0).failNext(1);
    StripeClient retrying = EmulatorTesting.client(emulator, 2);
    assertTrue(retrying.v1().customers().create(CustomerCreateParams.builder().build()).getId().startsWith("cus_"));
  }

  @Test
  void aLostCaptureResponseIsRetriedByStripeJavaAndCapturesOnce() throws StripeException {
    PaymentIntent held = authorized();
    emulator.faults().loseNextResponses(1).onlyFor("POST /v1/payment_intents/.*/capture");
    StripeClient retrying = EmulatorTesting.client(emulator, 2);

    PaymentIntent captured = retrying.v1().paymentIntents().capture(held.getId());
    assertEquals("succeeded", captured.getStatus());
    assertEquals("true", captured.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
    assertEquals(1, emulator.ledger().count(held.getId(), Type.CAPTURED));
  }

  /**
   * Uses the JDK's java.net.http client, which reports the closed connection. stripe-java's default
   * HttpURLConnection may resend a POST by itself on a reused keep-alive connection (the JDK's
   * sun.net.http.retryPost), which the idempotency key turns into the same replay.
   */
  @Test
  void aClosedConnectionAfterSuccessIsReplayedWhenTheCallerRetriesWithItsKey() throws Exception {
    emulator.faults().lostResponseMode(LostResponseMode.CONNECTION_CLOSED).loseNextResponses(1);
    String key = newKey();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest create = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/payment_intents"))
        .header("Authorization", "Bearer " + EmulatorTesting.API_KEY)
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(
            "amount=2000&currency=usd&capture_method=manual&payment_method=pm_card_visa&confirm=true"))
        .build();
    assertThrows(IOException.class, () -> http.send(create, HttpResponse.BodyHandlers.ofString()));

    HttpResponse<String> retried = http.send(create, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, retried.statusCode());
    assertEquals("true", retried.headers().firstValue("Idempotent-Replayed").orElse(null));
    String intentId = new ObjectMapper().readTree(retried.body()).get("id").asText();
    assertEquals(1, emulator.ledger().count(intentId, Type.AUTHORIZED));
  }

  @Test
  void lostResponsesOnlyHitMutations() throws StripeException {
    PaymentIntent held = authorized();
    emulator.faults().lostResponseRate(1.0);
    assertEquals(held.getId(), stripe.v1().paymentIntents().retrieve(held.getId()).getId());
    assertThrows(ApiException.class, () -> stripe.v1().paymentIntents().capture(held.getId(),
        PaymentIntentCaptureParams.builder().build(), key(newKey())));
    assertEquals(1, emulator.ledger().count(held.getId(), Type.CAPTURED), "applied although the answer was lost");
  }

  @Test
  void faultsCanBeSwitchedOverHttp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
            + "/_emulator/faults")).POST(HttpRequest.BodyPublishers.ofString(
            "{\"rate_limit\": 7, \"latency_ms\": 5, \"fail_next\": 1, \"lost_response_mode\": \"connection_closed\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals(7, emulator.faults().rateLimit());
    assertEquals(Duration.ofMillis(5), emulator.faults().latency());
    assertEquals(LostResponseMode.CONNECTION_CLOSED, emulator.faults().lostResponseMode());
    assertThrows(ApiException.class, () -> stripe.v1().customers().create(CustomerCreateParams.builder().build()));

    http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/_emulator/faults")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(0, emulator.faults().rateLimit(), "back to the limit the emulator started with");
  }
}
