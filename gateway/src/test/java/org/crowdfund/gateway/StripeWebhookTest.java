package org.crowdfund.gateway;

import io.micronaut.context.ApplicationContext;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.stripe.emulator.WebhookDelivery;
import org.crowdfund.stripe.emulator.WebhookSignature;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POST /webhooks/stripe against the real payment-service, with events signed as Stripe signs
 * them (and delivered by the Stripe emulator): the raw body reaches payment-service unchanged,
 * its verdict becomes the status Stripe acts on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StripeWebhookTest {
    private static final String PATH = "/webhooks/stripe";

    private Api api;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
    }

    /**
     * A Stripe event about an object payment-service does not track, laid out the way no JSON
     * library would write it again (indentation, spaces before colons, an escaped and a raw
     * non-ASCII character): re-serialising it on the way would break the signature.
     */
    private static String event(String type, String extra) {
        String id = TestInfra.shortId();
        return "{\n  \"id\" : \"evt_" + id + "\",\n  \"object\": \"event\",\n  \"api_version\": \"" + StripeEmulator.API_VERSION
                + "\",\n  \"created\": " + Instant.now().getEpochSecond() + ",\n  \"type\": \"" + type + "\",\n"
                + "  \"livemode\": false,   \"pending_webhooks\": 1,\n  \"request\": {\"id\": null, \"idempotency_key\": null},\n"
                + "  \"data\": {\"object\": {\"id\": \"cus_" + id + "\", \"object\": \"customer\", \"name\": \"Zo\\u00eb Cr\u00e9ateur\","
                + " \"metadata\": {\"note\": \"" + extra + "\"}}}\n}\n";
    }

    private static String signature(String payload, String secret, Instant at) {
        return WebhookSignature.header(payload, secret, at.getEpochSecond());
    }

    private Api.Response deliver(Api gateway, String payload, String signature) {
        return gateway.postBytes(PATH, payload.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json; charset=utf-8", "Stripe-Signature", signature);
    }

    @Test
    void aSignedEventReachesPaymentServiceByteForByteAndIsAnswered200() {
        String payload = event("customer.created", "as sent");

        Api.Response response = deliver(api, payload, signature(payload, GatewayHarness.STRIPE_WEBHOOK_SECRET, Instant.now()));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json()).containsEntry("eventType", "customer.created").containsEntry("outcome", "ignored");
        assertThat(response.string("eventId")).startsWith("evt_");
    }

    @Test
    void theSameEventDeliveredAgainIsAnswered200AsADuplicate() {
        String payload = event("customer.updated", "twice");
        String signature = signature(payload, GatewayHarness.STRIPE_WEBHOOK_SECRET, Instant.now());
        assertThat(deliver(api, payload, signature).status()).isEqualTo(200);

        Api.Response again = deliver(api, payload, signature);

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json()).containsEntry("outcome", "duplicate");
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefusedWith400() {
        String payload = event("customer.created", "forged");

        Api.Response response = deliver(api, payload, signature(payload, "whsec_somebody_else", Instant.now()));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.string("code")).isEqualTo("WEBHOOK_SIGNATURE_INVALID");
    }

    @Test
    void aBodyChangedAfterSigningIsRefusedWith400() {
        String payload = event("customer.created", "original");
        String signature = signature(payload, GatewayHarness.STRIPE_WEBHOOK_SECRET, Instant.now());

        Api.Response response = deliver(api, payload.replace("original", "tampered"), signature);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.string("code")).isEqualTo("WEBHOOK_SIGNATURE_INVALID");
    }

    @Test
    void aSignatureOlderThanStripesToleranceIsRefusedWith400() {
        String payload = event("customer.created", "stale");

        Api.Response response = deliver(api, payload,
                signature(payload, GatewayHarness.STRIPE_WEBHOOK_SECRET, Instant.now().minus(Duration.ofMinutes(10))));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.string("code")).isEqualTo("WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE");
    }

    @Test
    void aMissingSignatureIsRefusedWith400() {
        Api.Response response = api.postBytes(PATH, event("customer.created", "unsigned").getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.string("code")).isEqualTo("WEBHOOK_SIGNATURE_INVALID");
    }

    @Test
    void anEventLargerThanApiBodiesIsAcceptedUpTo256KiB() {
        String payload = event("customer.updated", "x".repeat(100 * 1024));

        Api.Response accepted = deliver(api, payload, signature(payload, GatewayHarness.STRIPE_WEBHOOK_SECRET, Instant.now()));
        String huge = event("customer.updated", "x".repeat(300 * 1024));
        Api.Response refused = deliver(api, huge, signature(huge, GatewayHarness.STRIPE_WEBHOOK_SECRET, Instant.now()));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.string("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(refused.string("detail")).contains("262144");
    }

    @Test
    void everyEventStripeSendsForAPaymentIsAcknowledged() {
        StripeEmulator stripe = GatewayHarness.stripe();
        int before = stripe.webhooks().deliveries().size();

        createPaymentIntent(stripe);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                stripe.webhooks().pending() == 0 && stripe.webhooks().deliveries().size() > before);
        List<WebhookDelivery> delivered = stripe.webhooks().deliveries().subList(before, stripe.webhooks().deliveries().size());
        assertThat(delivered).extracting(WebhookDelivery::type).contains("payment_intent.created");
        assertThat(delivered).allSatisfy(d -> assertThat(d.status()).as(d.toString()).isEqualTo(200));
    }

    @Test
    void anUnreachablePaymentServiceIs503SoStripeRetries() {
        Map<String, Object> props = GatewayHarness.properties(true);
        props.put("crowdfund.grpc.targets.payment", "127.0.0.1:" + TestInfra.freePort());
        String payload = event("customer.created", "later");

        try (ApplicationContext gateway = GatewayHarness.start(props)) {
            Api.Response response = deliver(new Api(gateway), payload,
                    signature(payload, GatewayHarness.STRIPE_WEBHOOK_SECRET, Instant.now()));

            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            assertThat(response.string("code")).isEqualTo("UNAVAILABLE");
        }
    }

    /** A card payment made straight at the emulator, as a Stripe dashboard user might: Stripe then sends its events. */
    private static void createPaymentIntent(StripeEmulator stripe) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripe.baseUrl() + "/v1/payment_intents"))
                .header("Authorization", "Bearer sk_test_gateway_tests")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("amount=2500&currency=usd&payment_method=pm_card_visa&confirm=true"
                        + "&capture_method=manual")).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
