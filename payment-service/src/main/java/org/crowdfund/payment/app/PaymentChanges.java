package org.crowdfund.payment.app;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.events.PaymentEvents;
import org.crowdfund.payment.store.PaymentStore;

import java.time.Clock;
import java.util.UUID;

/**
 * The one place a payment changes: under its row lock, only forward (see PaymentStatus), with a
 * history row for each status change and a PaymentUpdated event for each change of any kind.
 */
@Singleton
public class PaymentChanges {
    public static final String SOURCE_API = "api";
    public static final String SOURCE_WEBHOOK = "webhook";
    public static final String SOURCE_RECOVERY = "recovery";

    private final PaymentStore payments;
    private final PaymentEvents events;
    private final Clock clock;

    public PaymentChanges(PaymentStore payments, PaymentEvents events, Clock clock) {
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    /** The payment after the change, and whether anything changed (false: stale or already known). */
    public record Applied(Payment payment, boolean changed) {
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public Applied apply(UUID paymentId, ProviderSnapshot snapshot, String source, String providerEventId) {
        return applyTo(payments.lock(paymentId).orElseThrow(), snapshot, source, providerEventId);
    }

    /** Applies to a payment whose row the caller locked in this transaction. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public Applied applyTo(Payment locked, ProviderSnapshot snapshot, String source, String providerEventId) {
        var next = locked.advancedBy(snapshot, clock.instant());
        if (next.isEmpty()) {
            return new Applied(locked, false);
        }
        Payment saved = payments.update(next.get());
        if (saved.status() != locked.status()) {
            payments.recordChange(saved.id(), locked.status(), saved.status(), source, providerEventId, saved.updatedAt());
        }
        events.updated(saved, locked.status(), source, providerEventId);
        return new Applied(saved, true);
    }
}
