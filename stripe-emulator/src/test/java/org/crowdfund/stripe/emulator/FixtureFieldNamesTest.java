package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.SetupIntent;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.testhelpers.TestClockCreateParams;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The emulator's objects use Stripe's current field names: every field it renders appears in
 * Stripe's own example objects (test resource stripe/fixtures3.json, from stripe/openapi), and the
 * important ones are there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixtureFieldNamesTest {

  private final ObjectMapper mapper = new ObjectMapper();
  private JsonNode fixtures;
  private StripeEmulator emulator;
  private StripeClient stripe;
  private String customerId;
  private SetupIntent setup;
  private PaymentIntent captured;
  private Refund refund;

  @BeforeAll
  void start() throws IOException, StripeException {
    try (var in = FixtureFieldNamesTest.class.getResourceAsStream("/stripe/fixtures3.json")) {
      assertTrue(in != null, "Stripe's fixtures3.json is expected on the test classpath at /stripe/fixtures3.json");
      fixtures = mapper.readTree(in).get("resources");
    }
    emulator = EmulatorTesting.startEmulator();
    stripe = EmulatorTesting.client(emulator);
    customerId = EmulatorTesting.customer(stripe).getId();
    setup = stripe.v1().setupIntents().create(SetupIntentCreateParams.builder().setCustomer(customerId)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    PaymentIntent held = stripe.v1().paymentIntents().create(hold(5_000).setCustomer(customerId)
        .setPaymentMethod(setup.getPaymentMethod()).setConfirm(true).setOffSession(true).putMetadata("k", "v")
        .build());
    captured = stripe.v1().paymentIntents().capture(held.getId());
    refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(held.getId())
        .setAmount(1_000L).build());
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  @Test
  void paymentIntentFieldsAreStripes() {
    assertFields("payment_intent", emulator.object(captured.getId()), Set.of("id", "object", "amount",
        "amount_capturable", "amount_received", "status", "latest_charge", "capture_method", "cancellation_reason",
        "last_payment_error", "customer", "payment_method", "metadata", "currency", "created", "livemode",
        "client_secret", "next_action", "canceled_at"));
  }

  @Test
  void aFailedPaymentIntentsLastPaymentErrorUsesStripesFieldNames() {
    JsonNode error = emulator.object(assertThrowsCard()).get("last_payment_error");
    Set<String> allowed = Set.of("advice_code", "charge", "code", "decline_code", "doc_url", "message",
        "network_advice_code", "network_decline_code", "param", "payment_method", "payment_method_type",
        "setup_intent", "source", "type");
    assertTrue(allowed.containsAll(keys(error)), "unexpected last_payment_error fields " + keys(error));
  }

  @Test
  void setupIntentFieldsAreStripes() {
    assertFields("setup_intent", emulator.object(setup.getId()), Set.of("id", "object", "status", "usage",
        "customer", "payment_method", "last_setup_error", "next_action", "client_secret", "created", "livemode"));
  }

  @Test
  void customerFieldsAreStripes() {
    assertFields("customer", emulator.object(customerId), Set.of("id", "object", "email", "name", "metadata",
        "invoice_settings", "created", "livemode"));
  }

  @Test
  void paymentMethodFieldsAreStripesDownToTheCard() {
    JsonNode method = emulator.object(setup.getPaymentMethod());
    assertFields("payment_method", method, Set.of("id", "object", "type", "card", "customer", "created",
        "billing_details", "livemode", "metadata"));
    assertNested(fixtures.get("payment_method").get("card"), method.get("card"), Set.of(), "payment_method.card");
  }

  @Test
  void chargeFieldsAreStripesAndCardDetailsAddOnlyCaptureBefore() {
    JsonNode charge = emulator.object(captured.getLatestCharge());
    assertFields("charge", charge, Set.of("id", "object", "amount", "amount_captured", "amount_refunded",
        "captured", "refunded", "status", "payment_intent", "payment_method", "payment_method_details",
        "failure_code", "failure_message", "outcome", "paid", "currency", "created", "livemode"));
    JsonNode card = charge.get("payment_method_details").get("card");
    assertNested(fixtures.get("charge").get("payment_method_details").get("card"), card, Set.of("capture_before"),
        "charge.payment_method_details.card");
    assertTrue(card.get("capture_before").isIntegralNumber());
  }

  @Test
  void refundFieldsAreStripes() {
    assertFields("refund", emulator.object(refund.getId()), Set.of("id", "object", "amount", "charge",
        "payment_intent", "status", "currency", "reason", "created", "metadata"));
  }

  @Test
  void eventFieldsAreStripes() {
    JsonNode event = emulator.events().get(0);
    assertFields("event", event, Set.of("id", "object", "api_version", "created", "data", "livemode",
        "pending_webhooks", "request", "type"));
    assertEquals(Set.of("id", "idempotency_key"), keys(event.get("request")));
  }

  @Test
  void testClockFieldsAreStripes() throws StripeException {
    String id = stripe.v1().testHelpers().testClocks().create(TestClockCreateParams.builder()
        .setFrozenTime(emulator.clock().epochSecond()).build()).getId();
    JsonNode clock = emulator.object(id);
    assertFields("test_helpers.test_clock", clock, Set.of("id", "object", "frozen_time", "status", "created"));
  }

  @Test
  void idsCarryStripesPrefixesAndObjectsAreTestMode() {
    assertTrue(captured.getId().startsWith("pi_"));
    assertTrue(captured.getLatestCharge().startsWith("ch_"));
    assertTrue(setup.getId().startsWith("seti_"));
    assertTrue(refund.getId().startsWith("re_"));
    assertTrue(customerId.startsWith("cus_"));
    assertTrue(emulator.events().get(0).get("id").asText().startsWith("evt_"));
    assertEquals(false, captured.getLivemode());
  }

  private String assertThrowsCard() {
    try {
      stripe.v1().paymentIntents().create(hold(1_000).setPaymentMethod("pm_card_chargeDeclined").setConfirm(true)
          .build());
    } catch (CardException e) {
      return e.getStripeError().getPaymentIntent().getId();
    } catch (StripeException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a decline");
  }

  private void assertFields(String resource, JsonNode object, Set<String> required) {
    JsonNode fixture = fixtures.get(resource);
    assertEquals(resource, object.get("object").asText());
    Set<String> extra = new TreeSet<>(keys(object));
    extra.removeAll(keys(fixture));
    assertTrue(extra.isEmpty(), resource + " has fields Stripe's fixture does not: " + extra);
    Set<String> missing = new TreeSet<>(required);
    missing.removeAll(keys(object));
    assertTrue(missing.isEmpty(), resource + " lacks " + missing);
  }

  private void assertNested(JsonNode fixture, JsonNode object, Set<String> documentedExtras, String where) {
    Set<String> extra = new TreeSet<>(keys(object));
    extra.removeAll(keys(fixture));
    extra.removeAll(documentedExtras);
    assertTrue(extra.isEmpty(), where + " has fields Stripe's fixture does not: " + extra);
  }

  private static Set<String> keys(JsonNode node) {
    Set<String> keys = new TreeSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
