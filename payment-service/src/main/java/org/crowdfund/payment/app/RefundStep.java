package org.crowdfund.payment.app;

import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.domain.IdempotencyKeys;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.provider.ProviderException;
import org.crowdfund.payment.provider.StripePaymentGateway;
import org.crowdfund.payment.provider.StripePaymentGateway.RefundResult;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.crowdfund.proto.payment.v1.RefundRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Refunds part or all of a collected payment. A refund whose answer was lost is looked up among
 * the PaymentIntent's refunds by the operation id in its metadata and adopted; while Stripe still
 * remembers the Idempotency-Key a re-send is answered from it. A refund neither found nor safely
 * re-sendable (the key may have expired) cannot be settled automatically: NEEDS_RECONCILIATION.
 */
@Singleton
class RefundStep implements ProviderStep {
    /** Stripe keeps idempotency keys for 24 hours; past that a re-sent request could execute again. */
    static final Duration PROVIDER_KEY_LIFETIME = Duration.ofHours(23);

    private final StripePaymentGateway stripe;
    private final Clock clock;

    RefundStep(StripePaymentGateway stripe, Clock clock) {
        this.stripe = stripe;
        this.clock = clock;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.REFUND;
    }

    @Override
    public StepResult perform(OperationRecord record, Payment payment, int attempt) {
        RefundRequest r = StoredRequests.parse(record, RefundRequest.parser());
        if (attempt > 1) {
            Optional<RefundResult> earlier = stripe.findRefundOfOperation(payment.providerId(), record.id().toString());
            if (earlier.isPresent()) {
                return result(payment, earlier.get());
            }
            if (record.createdAt().plus(PROVIDER_KEY_LIFETIME).isBefore(clock.instant())) {
                throw ProviderException.of(FailureReason.NEEDS_RECONCILIATION, "refund operation " + record.id()
                        + " of payment " + payment.id() + " has no refund at the provider and was recorded more than "
                        + PROVIDER_KEY_LIFETIME.toHours() + " h ago, so its idempotency key may have expired: sending it "
                        + "again could refund twice. An operator reconciles it with the provider's dashboard.");
            }
        }
        return result(payment, stripe.refund(payment.providerId(), record.amountMinor(), r.getReason(),
                Map.of(StripePaymentGateway.META_PAYMENT_ID, payment.id().toString(),
                        StripePaymentGateway.META_OPERATION_ID, record.id().toString()),
                IdempotencyKeys.providerKey(Operation.REFUND, record.idempotencyKey(), "refund")));
    }

    private static StepResult result(Payment payment, RefundResult refund) {
        ProviderSnapshot charge = refund.charge();
        if (charge == null) {
            // partially captured: Stripe's charge amounts mix refunds with the released rest; count this refund
            long refunded = payment.amountRefundedMinor() + refund.amountMinor();
            charge = new ProviderSnapshot(payment.providerId(),
                    ProviderSnapshot.collectedStatus(payment.amountCapturedMinor(), refunded), null,
                    payment.amountCapturedMinor(), refunded, null, null, null, null, null, null, null);
        }
        return new StepResult(charge, null, refund.refundId());
    }
}
