package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.await;
import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {

  private static final String SECRET = "whsec_webhook_tests";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private WebhookReceiver receiver;
  private StripeEmulator emulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    receiver = new WebhookReceiver();
    emulator = StripeEmulator.builder().port(0).rateLimit(0).webhookUrl(receiver.url()).webhookSecret(SECRET)
        .webhookRetryBackoff(Duration.ofMillis(20)).build().start();
    stripe = EmulatorTesting.client(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
    receiver.close();
  }

  private List<Event> verifiedEvents() {
    List<Event> events = new ArrayList<>();
    for (WebhookReceiver.Received delivery : receiver.received()) {
      try {
        events.add(Webhook.constructEvent(delivery.payload(), delivery.signature(), SECRET));
      } catch (SignatureVerificationException e) {
        throw new AssertionError("emulator signature rejected by stripe-java", e);
      }
    }
    return events;
  }

  private List<String> typesFor(String objectId) {
    return verifiedEvents().stream()
        .filter(event -> event.getDataObjectDeserializer().getRawJson().contains("\"" + objectId + "\""))
        .map(Event::getType).toList();
  }

  @Test
  void eventsAreSignedSoStripeJavaVerifiesThemAndCarryTheObject() throws StripeException {
    PaymentIntent held = stripe.v1().paymentIntents().create(hold(1_500).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    stripe.v1().paymentIntents().capture(held.getId());
    await("payment_intent.succeeded arrived", WAIT, () -> typesFor(held.getId()).contains("payment_intent.succeeded"));

    List<String> types = typesFor(held.getId());
    assertEquals(List.of("payment_intent.created", "charge.succeeded", "payment_intent.amount_capturable_updated",
        "charge.captured", "payment_intent.succeeded"), types);
    Event succeeded = verifiedEvents().stream().filter(e -> e.getType().equals("payment_intent.succeeded"))
        .findFirst().orElseThrow();
    PaymentIntent object = (PaymentIntent) succeeded.getDataObjectDeserializer().getObject().orElseThrow();
    assertEquals(held.getId(), object.getId());
    assertEquals("succeeded", object.getStatus());
    assertEquals(StripeEmulator.API_VERSION, succeeded.getApiVersion());
  }

  @Test
  void aWrongSecretOrAStaleTimestampFailsVerification() {
    String payload = "{\"id\":\"evt_1\",\"object\":\"event\"}";
    String wrongSecret = WebhookSignature.header(payload, "whsec_other", Instant.now().getEpochSecond());
    assertThrows(SignatureVerificationException.class, () -> Webhook.constructEvent(payload, wrongSecret, SECRET));
    String stale = WebhookSignature.header(payload, SECRET, Instant.now().minusSeconds(301).getEpochSecond());
    assertThrows(SignatureVerificationException.class, () -> Webhook.constructEvent(payload, stale, SECRET));
  }

  @Test
  void failedDeliveriesAreRetriedWithBackOffUntilAccepted() throws StripeException {
    receiver.failNext(3);
    PaymentIntent created = stripe.v1().paymentIntents().create(hold(1_000).build());
    await("the event was accepted and its delivery logged", WAIT,
        () -> typesFor(created.getId()).contains("payment_intent.created") && emulator.webhooks().pending() == 0);

    List<WebhookDelivery> attempts = emulator.webhooks().deliveries();
    assertEquals(List.of(500, 500, 500, 200), attempts.stream().map(WebhookDelivery::status).toList());
    assertEquals(List.of(1, 2, 3, 4), attempts.stream().map(WebhookDelivery::attempt).toList());
    assertTrue(!attempts.get(3).at().isBefore(attempts.get(0).at().plusMillis(20 + 40 + 80 - 10)),
        "back-off doubles from 20 ms");
  }

  @Test
  void theDuplicateSwitchDeliversEveryEventTwice() throws StripeException {
    emulator.faults().webhookDuplicates(true);
    PaymentIntent created = stripe.v1().paymentIntents().create(hold(1_000).build());
    await("both copies arrived", WAIT, () -> typesFor(created.getId()).size() == 2);

    List<Event> events = verifiedEvents();
    assertEquals(events.get(0).getId(), events.get(1).getId(), "the same event id twice");
  }

  @Test
  void theOutOfOrderSwitchDeliversABatchNewestFirst() throws StripeException {
    emulator.faults().webhookOutOfOrder(5);
    PaymentIntent held = stripe.v1().paymentIntents().create(hold(1_500).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    stripe.v1().paymentIntents().capture(held.getId());
    await("the batch arrived", WAIT, () -> typesFor(held.getId()).size() == 5);

    assertEquals(List.of("payment_intent.succeeded", "charge.captured", "payment_intent.amount_capturable_updated",
        "charge.succeeded", "payment_intent.created"), typesFor(held.getId()));
  }

  @Test
  void anIncompleteOutOfOrderBatchIsDeliveredAfterASecond() throws StripeException {
    emulator.faults().webhookOutOfOrder(10);
    PaymentIntent created = stripe.v1().paymentIntents().create(hold(1_000).build());
    await("the held-back event arrived", WAIT, () -> typesFor(created.getId()).size() == 1);
  }
}
