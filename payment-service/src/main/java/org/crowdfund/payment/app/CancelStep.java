package org.crowdfund.payment.app;

import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.IdempotencyKeys;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.provider.ProviderException;
import org.crowdfund.payment.provider.StripePaymentGateway;
import org.crowdfund.payment.store.OperationStore.OperationRecord;

/** Voids a hold; a hold already released (lapsed, or voided by an earlier attempt) is what a void wants. */
@Singleton
class CancelStep implements ProviderStep {
    private final StripePaymentGateway stripe;

    CancelStep(StripePaymentGateway stripe) {
        this.stripe = stripe;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.VOID;
    }

    @Override
    public StepResult perform(OperationRecord record, Payment payment, int attempt) {
        return StepResult.of(cancel(payment, attempt, IdempotencyKeys.providerKey(Operation.VOID,
                record.idempotencyKey(), "cancel")));
    }

    ProviderSnapshot cancel(Payment payment, int attempt, String providerKey) {
        if (attempt > 1) {
            ProviderSnapshot current = stripe.retrievePaymentIntent(payment.providerId());
            if (released(current)) {
                return current;
            }
        }
        try {
            return stripe.cancel(payment.providerId(), providerKey);
        } catch (ProviderException e) {
            if (!e.reason().isTransient() && e.object() != null && released(e.object())) {
                return e.object();
            }
            throw e;
        }
    }

    private static boolean released(ProviderSnapshot snapshot) {
        return snapshot.status() == PaymentStatus.CANCELED || snapshot.status() == PaymentStatus.EXPIRED;
    }
}
