package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeSearchResult;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentSearchParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /_emulator/ endpoints that local runs and other modules' tests use without Java access. */
class ControlEndpointsTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
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

  private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = mapper.readTree(response.body());
    ((ObjectNode) json).put("_status", response.statusCode());
    return json;
  }

  @Test
  void healthNeedsNoApiKey() throws Exception {
    JsonNode health = call("GET", "/_emulator/health", null);
    assertEquals(200, health.get("_status").asInt());
    assertEquals("ok", health.get("status").asText());
    assertEquals(StripeEmulator.API_VERSION, health.get("api_version").asText());
  }

  @Test
  void theClockShowsAndAdvancesEmulatorTime() throws Exception {
    long before = call("GET", "/_emulator/clock", null).get("now").asLong();
    JsonNode after = call("POST", "/_emulator/clock/advance?seconds=3600", null);
    assertEquals(3600, after.get("offset_seconds").asLong());
    assertTrue(after.get("now").asLong() >= before + 3600);
  }

  @Test
  void theLedgerListsMovementsOptionallyForOnePaymentIntent() throws Exception {
    PaymentIntent first = stripe.v1().paymentIntents().create(hold(1_000).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    stripe.v1().paymentIntents().create(hold(2_000).setPaymentMethod("pm_card_visa").setConfirm(true).build());
    stripe.v1().paymentIntents().capture(first.getId());

    assertEquals(3, call("GET", "/_emulator/ledger", null).get("data").size());
    JsonNode own = call("GET", "/_emulator/ledger?payment_intent=" + first.getId(), null).get("data");
    assertEquals(2, own.size());
    assertEquals("AUTHORIZED", own.get(0).get("type").asText());
    assertEquals("CAPTURED", own.get(1).get("type").asText());
    assertEquals(1_000, own.get(1).get("amount").asLong());
    assertEquals("usd", own.get(1).get("currency").asText());
  }

  @Test
  void theAuthenticationUrlOfNextActionCompletesThreeDSecure() throws Exception {
    PaymentIntent pending = stripe.v1().paymentIntents().create(hold(1_000)
        .setPaymentMethod(TestCard.AUTHENTICATION_REQUIRED.token()).setConfirm(true)
        .setReturnUrl("http://127.0.0.1:8080/back").build());
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(
        URI.create(pending.getNextAction().getRedirectToUrl().getUrl())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(302, page.statusCode(), "the bank page sends the browser back to the return_url");
    assertEquals("requires_capture", stripe.v1().paymentIntents().retrieve(pending.getId()).getStatus());
  }

  @Test
  void aPaymentMethodCanBeMadeToBehaveLikeAnotherTestCard() throws Exception {
    String paymentMethod = stripe.v1().paymentIntents().create(hold(1_000).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build()).getPaymentMethod();
    JsonNode changed = call("POST", "/_emulator/payment_methods/" + paymentMethod
        + "/behave_as?test_card=pm_card_chargeDeclined", null);
    assertEquals("0002", changed.get("card").get("last4").asText());
  }

  @Test
  void webhookDeliveryCanBePointedElsewhereAtRunTime() throws Exception {
    JsonNode webhooks = call("POST", "/_emulator/webhooks", "{\"url\": \"http://127.0.0.1:9/none\"}");
    assertEquals("http://127.0.0.1:9/none", webhooks.get("url").asText());
    assertEquals("http://127.0.0.1:9/none", emulator.webhooks().url());
  }

  @Test
  void resetForgetsObjectsAndLedger() throws Exception {
    PaymentIntent held = stripe.v1().paymentIntents().create(hold(1_000).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    assertEquals(200, call("POST", "/_emulator/reset", null).get("_status").asInt());

    assertTrue(emulator.ledger().movements().isEmpty());
    assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().retrieve(held.getId()));
  }

  @Test
  void unknownControlPathsAre404() throws Exception {
    assertEquals(404, call("GET", "/_emulator/nothing", null).get("_status").asInt());
  }

  @Test
  void objectsCanBeListedAndSearchedByMetadata() throws StripeException {
    PaymentIntent tagged = stripe.v1().paymentIntents().create(hold(1_000).putMetadata("pledge_id", "p-42")
        .build());
    stripe.v1().paymentIntents().create(hold(1_000).putMetadata("pledge_id", "p-43").build());

    StripeSearchResult<PaymentIntent> found = stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder()
        .setQuery("metadata['pledge_id']:'p-42' AND status:'requires_payment_method'").build());
    assertEquals(1, found.getData().size());
    assertEquals(tagged.getId(), found.getData().get(0).getId());
    StripeCollection<PaymentIntent> listed = stripe.v1().paymentIntents().list(PaymentIntentListParams.builder()
        .setLimit(1L).build());
    assertEquals(1, listed.getData().size());
    assertEquals(true, listed.getHasMore());
  }
}
