package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.net.ApiResource;
import com.stripe.param.CustomerCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets Stripe's specific error and moves no money. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationTest {

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

  @ParameterizedTest
  @ValueSource(longs = {0, -100})
  void zeroAndNegativeAmountsAreRejected(long amount) {
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hold(amount).setPaymentMethod("pm_card_visa").setConfirm(true)
            .build()));
    assertEquals("amount", error.getParam());
    assertEquals(400, error.getStatusCode());
    assertEquals("invalid_request_error", error.getStripeError().getType());
    assertTrue(emulator.ledger().movements().isEmpty(), "no validation error in this class moves money");
  }

  @Test
  void amountsOverEightDigitsAreRejectedAsTooLarge() {
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hold(100_000_000L).build()));
    assertEquals("amount_too_large", error.getCode());
    assertEquals("amount", error.getParam());
  }

  @Test
  void amountsBelowTheCurrencyMinimumAreRejectedAsTooSmall() {
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hold(49).build()));
    assertEquals("amount_too_small", error.getCode());
  }

  @Test
  void theLargestAmountIsAccepted() throws StripeException {
    assertEquals(99_999_999L, stripe.v1().paymentIntents().create(hold(99_999_999L).build()).getAmount());
  }

  @Test
  void unknownCurrencyIsRejected() {
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hold(1000).setCurrency("xyz").build()));
    assertEquals("currency", error.getParam());
    assertTrue(error.getMessage().startsWith("Invalid currency: xyz"));
  }

  @Test
  void currencyIsLowercaseOnTheWireAndZeroDecimalCurrenciesWork() throws StripeException {
    assertEquals("jpy", stripe.v1().paymentIntents().create(hold(500).setCurrency("JPY").build()).getCurrency());
  }

  @Test
  void unknownPaymentMethodIsAMissingResource() {
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hold(1000).setPaymentMethod("pm_doesnotexist").setConfirm(true)
            .build()));
    assertEquals("resource_missing", error.getCode());
    assertEquals("payment_method", error.getParam());
  }

  @Test
  void unknownIdsInTheUrlAre404ResourceMissing() {
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().retrieve("pi_doesnotexist"));
    assertEquals(404, error.getStatusCode());
    assertEquals("resource_missing", error.getCode());
    assertEquals("No such payment_intent: 'pi_doesnotexist'", error.getStripeError().getMessage());
    assertThrows(InvalidRequestException.class, () -> stripe.v1().customers().retrieve("cus_nope"));
    assertThrows(InvalidRequestException.class, () -> stripe.v1().refunds().retrieve("re_nope"));
    assertThrows(InvalidRequestException.class, () -> stripe.v1().setupIntents().retrieve("seti_nope"));
  }

  @Test
  void unknownCustomerInParametersIsRejected() {
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hold(1000).setCustomer("cus_nope").build()));
    assertEquals(400, error.getStatusCode());
    assertEquals("customer", error.getParam());
  }

  @Test
  void unknownParametersAreRejectedLikeStripeDoes() {
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.v1().customers().create(CustomerCreateParams.builder().putExtraParam("favourite_colour", "blue")
            .build()));
    assertEquals("parameter_unknown", error.getCode());
    assertEquals("favourite_colour", error.getParam());
  }

  @Test
  void missingApiKeyIs401() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/customers")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, response.statusCode());
    JsonNode error = new ObjectMapper().readTree(response.body()).get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    assertTrue(error.get("message").asText().startsWith("You did not provide an API key"));
  }

  @Test
  void liveOrMalformedApiKeysAreRejectedAsAuthenticationErrors() {
    for (String key : new String[] {"sk_live_1234567890", "not-a-key"}) {
      StripeClient client = StripeClient.builder().setApiKey(key).setApiBase(emulator.baseUrl()).build();
      AuthenticationException error = assertThrows(AuthenticationException.class,
          () -> client.v1().customers().create(CustomerCreateParams.builder().build()));
      assertEquals(401, error.getStatusCode());
      assertTrue(error.getMessage().startsWith("Invalid API Key provided"));
    }
  }

  @Test
  void unknownUrlsAre404WithStripesMessage() {
    InvalidRequestException error = assertThrows(InvalidRequestException.class,
        () -> stripe.rawRequest(ApiResource.RequestMethod.GET, "/v1/subscriptions", null, null)
            .body().isEmpty());
    assertEquals(404, error.getStatusCode());
    assertTrue(error.getMessage().startsWith("Unrecognized request URL (GET: /v1/subscriptions)"));
  }
}
