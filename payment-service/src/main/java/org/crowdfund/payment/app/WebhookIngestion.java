package org.crowdfund.payment.app;

import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import org.crowdfund.platform.sql.Transactions;
import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.provider.StripeWebhooks;
import org.crowdfund.payment.provider.StripeWebhooks.ProviderEvent;
import org.crowdfund.payment.store.PaymentStore;
import org.crowdfund.payment.store.WebhookStore;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Provider webhooks, verified on the raw body, applied once per event id (duplicates do nothing)
 * and only forward (an event older than what we know does nothing): see PaymentStatus.
 */
@Singleton
public class WebhookIngestion {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngestion.class);

    private final Transactions tx;
    private final StripeWebhooks webhooks;
    private final WebhookStore store;
    private final PaymentStore payments;
    private final PaymentChanges changes;
    private final Clock clock;
    private final MeterRegistry meters;

    public WebhookIngestion(Transactions tx, StripeWebhooks webhooks, WebhookStore store,
                            PaymentStore payments, PaymentChanges changes, Clock clock, MeterRegistry meters) {
        this.tx = tx;
        this.webhooks = webhooks;
        this.store = store;
        this.payments = payments;
        this.changes = changes;
        this.clock = clock;
        this.meters = meters;
    }

    public enum Outcome { APPLIED, DUPLICATE, STALE, IGNORED }

    public record Handled(String eventId, String eventType, Outcome outcome, UUID paymentId) {
    }

    public Handled handle(Principal principal, byte[] payload, String signature) {
        Access.requireService(principal);
        ProviderEvent event;
        try {
            event = webhooks.verify(payload, signature == null ? "" : signature);
        } catch (StripeWebhooks.RejectedWebhook e) {
            meters.counter("payment.webhooks", "outcome", "rejected").increment();
            throw new ServiceException(Status.Code.INVALID_ARGUMENT, e.timestampOutOfTolerance()
                    ? "WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE" : "WEBHOOK_SIGNATURE_INVALID", e.getMessage());
        }
        Handled handled = tx.write(() -> apply(event));
        meters.counter("payment.webhooks", "outcome", handled.outcome().name().toLowerCase(Locale.ROOT)).increment();
        LOG.debug("webhook {} {}: {}", event.id(), event.type(), handled.outcome());
        return handled;
    }

    private Handled apply(ProviderEvent event) {
        if (!store.firstDelivery(event.id(), event.type(), event.objectId(), clock.instant())) {
            return new Handled(event.id(), event.type(), Outcome.DUPLICATE, null);
        }
        Optional<Payment> payment = event.snapshot() == null ? Optional.empty() : locate(event);
        if (payment.isEmpty()) {
            store.outcome(event.id(), null, Outcome.IGNORED.name().toLowerCase(Locale.ROOT));
            return new Handled(event.id(), event.type(), Outcome.IGNORED, null);
        }
        // an object not yet confirmed (payment_intent.created) says nothing the platform can act on
        boolean informative = event.snapshot().status() != PaymentStatus.PENDING;
        boolean changed = informative && changes.applyTo(payment.get(), event.snapshot(), PaymentChanges.SOURCE_WEBHOOK,
                event.id()).changed();
        Outcome outcome = changed ? Outcome.APPLIED : Outcome.STALE;
        store.outcome(event.id(), payment.get().id(), outcome.name().toLowerCase(Locale.ROOT));
        return new Handled(event.id(), event.type(), outcome, payment.get().id());
    }

    /** By provider id; before our own commit stored it, by the payment id in the object's metadata. */
    private Optional<Payment> locate(ProviderEvent event) {
        Optional<Payment> byProviderId = payments.lockByProviderId(event.snapshot().providerId());
        if (byProviderId.isPresent()) {
            return byProviderId;
        }
        return Ids.parse(event.paymentIdHint()).flatMap(payments::lock)
                .filter(p -> p.providerId() == null || p.providerId().equals(event.snapshot().providerId()));
    }
}
