package org.crowdfund.payment.provider;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.SetupIntent;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Verifies Stripe's webhook signature on the raw body and reads the event's object. */
@Singleton
public class StripeWebhooks {
    /** Stripe's recommended tolerance between the signature's timestamp and now. */
    public static final long TOLERANCE_SECONDS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(StripeWebhooks.class);

    private final StripeConfiguration config;

    public StripeWebhooks(StripeConfiguration config) {
        this.config = config;
    }

    /** An event about an object we may track; {@code snapshot} is null for objects we don't. */
    public record ProviderEvent(String id, String type, String objectId, String paymentIdHint,
                                ProviderSnapshot snapshot) {
    }

    /** Refused webhooks: a signature that does not match, or one too old or too new to trust. */
    public static final class RejectedWebhook extends RuntimeException {
        private final boolean timestamp;

        RejectedWebhook(String message, boolean timestamp) {
            super(message);
            this.timestamp = timestamp;
        }

        public boolean timestampOutOfTolerance() {
            return timestamp;
        }
    }

    public ProviderEvent verify(byte[] payload, String signature) {
        if (config.getWebhookSecret().isEmpty()) {
            throw new RejectedWebhook("STRIPE_WEBHOOK_SECRET is not configured; webhooks cannot be verified", false);
        }
        Event event;
        try {
            event = Webhook.constructEvent(new String(payload, StandardCharsets.UTF_8), signature,
                    config.getWebhookSecret(), TOLERANCE_SECONDS);
        } catch (SignatureVerificationException e) {
            boolean timestamp = String.valueOf(e.getMessage()).contains("tolerance");
            throw new RejectedWebhook(timestamp
                    ? "the Stripe-Signature timestamp is more than " + TOLERANCE_SECONDS + " s away from now"
                    : "the Stripe-Signature does not match the body: " + e.getMessage(), timestamp);
        } catch (RuntimeException e) {
            throw new RejectedWebhook("the body is not a Stripe event: " + e.getMessage(), false);
        }
        StripeObject object = objectOf(event);
        if (object instanceof PaymentIntent pi) {
            return new ProviderEvent(event.getId(), event.getType(), pi.getId(), hint(pi.getMetadata()),
                    StripeObjects.paymentIntent(pi));
        }
        if (object instanceof SetupIntent si) {
            return new ProviderEvent(event.getId(), event.getType(), si.getId(), hint(si.getMetadata()),
                    StripeObjects.setupIntent(si));
        }
        if (object instanceof Charge charge && "charge.refunded".equals(event.getType())) {
            return new ProviderEvent(event.getId(), event.getType(), String.valueOf(charge.getPaymentIntent()),
                    hint(charge.getMetadata()), StripeObjects.chargeRefunds(charge));
        }
        return new ProviderEvent(event.getId(), event.getType(), "", "", null);
    }

    private static StripeObject objectOf(Event event) {
        var data = event.getDataObjectDeserializer();
        if (data.getObject().isPresent()) {
            return data.getObject().get();
        }
        try {
            LOG.warn("event {} has API version {}, not stripe-java's; reading it anyway", event.getId(),
                    event.getApiVersion());
            return data.deserializeUnsafe();
        } catch (EventDataObjectDeserializationException e) {
            throw new RejectedWebhook("the event's object cannot be read: " + e.getMessage(), false);
        }
    }

    private static String hint(Map<String, String> metadata) {
        return metadata == null ? "" : metadata.getOrDefault(StripePaymentGateway.META_PAYMENT_ID, "");
    }
}
