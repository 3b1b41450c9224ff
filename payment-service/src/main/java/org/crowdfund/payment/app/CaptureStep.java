package org.crowdfund.payment.app;

import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.IdempotencyKeys;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.provider.StripePaymentGateway;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.crowdfund.proto.payment.v1.CaptureRequest;

/** Captures a hold; a later attempt first retrieves it, so a capture that happened is adopted. */
@Singleton
class CaptureStep implements ProviderStep {
    private final StripePaymentGateway stripe;

    CaptureStep(StripePaymentGateway stripe) {
        this.stripe = stripe;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CAPTURE;
    }

    @Override
    public StepResult perform(OperationRecord record, Payment payment, int attempt) {
        CaptureRequest r = StoredRequests.parse(record, CaptureRequest.parser());
        if (attempt > 1) {
            ProviderSnapshot current = stripe.retrievePaymentIntent(payment.providerId());
            if (current.status() == PaymentStatus.SUCCEEDED) {
                return StepResult.of(current);
            }
        }
        return StepResult.of(stripe.capture(payment.providerId(), r.getAmountMinor() == 0 ? null : r.getAmountMinor(),
                IdempotencyKeys.providerKey(Operation.CAPTURE, record.idempotencyKey(), "capture")));
    }
}
