package org.crowdfund.payment.app;

import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.IdempotencyKeys;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.provider.ProviderException;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.crowdfund.payment.store.PaymentStore;
import org.crowdfund.platform.sql.Transactions;


/**
 * A new off-session hold first (a decline leaves the old one in place), then the old one voided.
 * The new hold's capture_before is the provider's (shorter for off-session Visa holds): whoever
 * schedules the next re-authorization reads it from the answer.
 */
@Singleton
class ReauthorizeStep implements ProviderStep {
    private final Transactions tx;
    private final PaymentStore payments;
    private final PlaceIntentStep place;
    private final CancelStep cancel;

    ReauthorizeStep(Transactions tx, PaymentStore payments, PlaceIntentStep place,
                    CancelStep cancel) {
        this.tx = tx;
        this.payments = payments;
        this.place = place;
        this.cancel = cancel;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.REAUTHORIZE;
    }

    @Override
    public StepResult perform(OperationRecord record, Payment fresh, int attempt) {
        ProviderSnapshot placed = place.place(record, fresh, attempt, "");
        Payment old = tx.read(() -> payments.find(fresh.replacesPaymentId())).orElseThrow();
        ProviderSnapshot released = null;
        if (old.status() == PaymentStatus.AUTHORIZED) {
            try {
                released = cancel.cancel(old, attempt, IdempotencyKeys.providerKey(Operation.REAUTHORIZE,
                        record.idempotencyKey(), "cancel_previous"));
            } catch (ProviderException e) {
                if (e.reason().isTransient()) {
                    throw e;
                }
                // the old hold lapsed or was released meanwhile: nothing left to void
                released = e.object();
            }
        }
        return new StepResult(placed, released, "");
    }
}
