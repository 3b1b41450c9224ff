package org.crowdfund.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.events.v1.PaymentUpdated;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.TestCard;
import org.crowdfund.stripe.emulator.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.payment.PaymentApi.*;

/** Provider webhooks: verified, applied once, only forward, and told to the platform as PaymentUpdated. */
class WebhooksTest {
    private static final Principal GATEWAY = Principal.service("gateway");

    @AfterEach
    void clearFaults() {
        stripe().faults().clear().rateLimit(0);
    }

    @Test
    void aWebhookWithABadSignatureIsRefusedAndChangesNothing() {
        Payment hold = authorized(2_000);
        String payload = eventsOf(hold.getProviderId()).get(0).toString();
        var e = assertRefused(() -> deliver(payload, WebhookSignature.header(payload, "whsec_someone_else",
                Instant.now().getEpochSecond())), Status.Code.INVALID_ARGUMENT, "WEBHOOK_SIGNATURE_INVALID");
        assertThat(e.getStatus().getDescription()).contains("does not match");
        assertRefused(() -> deliver(payload + " ", sign(payload)), Status.Code.INVALID_ARGUMENT, "WEBHOOK_SIGNATURE_INVALID");
        assertRefused(() -> deliver(payload, ""), Status.Code.INVALID_ARGUMENT, "WEBHOOK_SIGNATURE_INVALID");
    }

    @Test
    void aWebhookSignedLongerAgoThanTheToleranceIsRefused() {
        Payment hold = authorized(2_000);
        String payload = eventsOf(hold.getProviderId()).get(0).toString();
        long staleTime = Instant.now().minus(Duration.ofSeconds(301)).getEpochSecond();
        assertRefused(() -> deliver(payload, WebhookSignature.header(payload, PaymentServiceHarness.WEBHOOK_SECRET,
                staleTime)), Status.Code.INVALID_ARGUMENT, "WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE");
        long recent = Instant.now().minus(Duration.ofSeconds(200)).getEpochSecond();
        assertThat(deliver(payload, WebhookSignature.header(payload, PaymentServiceHarness.WEBHOOK_SECRET, recent))
                .getEventId()).as("accepted within the tolerance").isNotEmpty();
    }

    @Test
    void aDuplicatedEventIsAppliedOnce() {
        Payment hold = authorized(1_000);
        String payload = eventsOf(hold.getProviderId()).get(0).toString();
        HandleWebhookResponse first = deliver(payload, sign(payload));
        HandleWebhookResponse second = deliver(payload, sign(payload));
        assertThat(second.getOutcome()).isEqualTo(WebhookOutcome.WEBHOOK_OUTCOME_DUPLICATE);
        assertThat(second.getEventId()).isEqualTo(first.getEventId());
    }

    @Test
    void duplicatedDeliveriesFromTheProviderEmitOnePaymentUpdatedPerChange() {
        stripe().faults().webhookDuplicates(true);
        Payment hold = authorized(2_200);
        payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture")).setPaymentId(hold.getPaymentId())
                .build());
        await().atMost(Duration.ofSeconds(20)).until(() -> stripe().webhooks().pending() == 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> updatesOf(hold.getPaymentId()).size() >= 2);
        List<PaymentUpdated> updates = updatesOf(hold.getPaymentId());
        assertThat(updates).extracting(u -> u.getState().getStatus()).containsExactly(
                PaymentStatus.PAYMENT_STATUS_AUTHORIZED, PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(updates).extracting(PaymentUpdated::getPreviousStatus).containsExactly(
                PaymentStatus.PAYMENT_STATUS_PENDING, PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(PaymentServiceHarness.ingress().handled()).extracting(HandleWebhookResponse::getOutcome)
                .contains(WebhookOutcome.WEBHOOK_OUTCOME_DUPLICATE);
    }

    @Test
    void eventsArrivingNewestFirstMoveAPaymentForwardAndALateRequiresCaptureNeverOverwritesSucceeded() {
        Payment card = authenticatedCard(TestCard.AUTHENTICATION_REQUIRED);
        Payment hold = payments().authorize(authorizeRequest(card, 3_000).setOffSession(false).build()).getPayment();
        assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION);
        List<ObjectNode> missed = new ArrayList<>();
        PaymentServiceHarness.withoutWebhooks(() -> {
            int before = eventsOf(hold.getProviderId()).size();
            stripe().completeAuthentication(hold.getProviderId(), true);
            captureAtTheProvider(hold.getProviderId());
            List<ObjectNode> all = eventsOf(hold.getProviderId());
            missed.addAll(all.subList(before, all.size()));
        });
        assertThat(missed).extracting(e -> e.get("type").asText()).contains(
                "payment_intent.amount_capturable_updated", "payment_intent.succeeded");
        Collections.reverse(missed);

        List<WebhookOutcome> outcomes = missed.stream().map(e -> deliver(e.toString(), sign(e.toString())).getOutcome())
                .toList();
        assertThat(outcomes.get(0)).isEqualTo(WebhookOutcome.WEBHOOK_OUTCOME_APPLIED);
        assertThat(outcomes).doesNotContain(WebhookOutcome.WEBHOOK_OUTCOME_DUPLICATE);
        GetPaymentResponse now = get(hold.getPaymentId());
        assertThat(now.getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(now.getPayment().getAmountCapturedMinor()).isEqualTo(3_000);
        assertThat(now.getHistoryList()).extracting(StatusChange::getToStatus).containsExactly(
                PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION, PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(now.getHistoryList().get(1).getSource()).isEqualTo("webhook");
        assertThat(now.getHistoryList().get(1).getProviderEventId()).isEqualTo(missed.get(0).get("id").asText());
    }

    @Test
    void providerOutOfOrderDeliveryLeavesEveryPaymentInItsNewestState() {
        stripe().faults().webhookOutOfOrder(4);
        Payment hold = authorized(2_700);
        payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture")).setPaymentId(hold.getPaymentId())
                .build());
        payments().refund(RefundRequest.newBuilder().setIdempotencyKey(key("refund")).setPaymentId(hold.getPaymentId())
                .setAmountMinor(700).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> stripe().webhooks().pending() == 0);
        Payment now = get(hold.getPaymentId()).getPayment();
        assertThat(now.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_PARTIALLY_REFUNDED);
        assertThat(now.getAmountRefundedMinor()).isEqualTo(700);
        assertThat(get(hold.getPaymentId()).getHistoryList()).extracting(StatusChange::getToStatus).containsExactly(
                PaymentStatus.PAYMENT_STATUS_AUTHORIZED, PaymentStatus.PAYMENT_STATUS_SUCCEEDED,
                PaymentStatus.PAYMENT_STATUS_PARTIALLY_REFUNDED);
    }

    @Test
    void eventsAboutObjectsThisServiceDoesNotTrackAreIgnored() {
        ObjectNode event = stripe().events().stream().filter(e -> e.get("type").asText().startsWith("customer."))
                .findFirst().orElseThrow().deepCopy();
        event.put("id", "evt_never_seen_" + System.nanoTime());
        String payload = event.toString();
        assertThat(deliver(payload, sign(payload)).getOutcome()).isEqualTo(WebhookOutcome.WEBHOOK_OUTCOME_IGNORED);
    }

    private static HandleWebhookResponse deliver(String payload, String signature) {
        return as(GATEWAY).handleWebhook(HandleWebhookRequest.newBuilder()
                .setPayload(ByteString.copyFrom(payload, StandardCharsets.UTF_8)).setSignature(signature).build());
    }

    private static String sign(String payload) {
        return WebhookSignature.header(payload, PaymentServiceHarness.WEBHOOK_SECRET, Instant.now().getEpochSecond());
    }

    /** The provider's events about one object, oldest first. */
    private static List<ObjectNode> eventsOf(String objectId) {
        return stripe().events().stream().filter(e -> objectId.equals(e.path("data").path("object").path("id").asText()))
                .toList();
    }

    /** As if someone captured in Stripe's dashboard: only webhooks tell the service. */
    private static void captureAtTheProvider(String paymentIntentId) {
        try {
            com.stripe.StripeClient.builder().setApiKey(PaymentServiceHarness.API_KEY).setApiBase(stripe().baseUrl())
                    .build().v1().paymentIntents().capture(paymentIntentId);
        } catch (com.stripe.exception.StripeException e) {
            throw new IllegalStateException(e);
        }
    }
}
