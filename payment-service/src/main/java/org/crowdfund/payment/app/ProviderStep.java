package org.crowdfund.payment.app;

import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.store.OperationStore.OperationRecord;

/**
 * One operation's call to the provider, repeatable: from the second attempt on it first asks the
 * provider whether an earlier attempt already had its effect (and adopts it), then sends the
 * request with the operation's derived Stripe Idempotency-Key. It throws ProviderException for
 * refusals and failures; the journal decides what they mean for the operation.
 */
interface ProviderStep {

    boolean handles(Operation operation);

    StepResult perform(OperationRecord operation, Payment payment, int attempt);
}
