package org.crowdfund.payment.app;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.IdempotencyKeys;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentKind;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.provider.StripePaymentGateway;
import org.crowdfund.payment.provider.StripePaymentGateway.PaymentIntentSpec;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.crowdfund.proto.payment.v1.AuthorizeRequest;
import org.crowdfund.proto.payment.v1.ChargeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * A hold (Authorize) or a charge (Charge): a confirmed PaymentIntent, or on a later attempt the one
 * an earlier attempt created, found by the operation id in its metadata. On session it carries the
 * return URL, so a card that asks for 3-D Secure answers redirect_to_url (the backer's browser goes
 * to the bank and comes back to our page); without one Stripe answers use_stripe_sdk.
 */
@Singleton
class PlaceIntentStep implements ProviderStep {
    private static final Logger LOG = LoggerFactory.getLogger(PlaceIntentStep.class);

    private final StripePaymentGateway stripe;
    private final String returnUrl;

    PlaceIntentStep(StripePaymentGateway stripe, @Value("${crowdfund.payments.return-url:}") String returnUrl) {
        this.stripe = stripe;
        this.returnUrl = returnUrl;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.AUTHORIZE || operation == Operation.CHARGE;
    }

    @Override
    public StepResult perform(OperationRecord record, Payment payment, int attempt) {
        String description = record.operation() == Operation.AUTHORIZE
                ? StoredRequests.parse(record, AuthorizeRequest.parser()).getDescription()
                : StoredRequests.parse(record, ChargeRequest.parser()).getDescription();
        return StepResult.of(place(record, payment, attempt, description));
    }

    /** Creates the hold or charge, or on a later attempt adopts the one an earlier attempt created. */
    ProviderSnapshot place(OperationRecord record, Payment payment, int attempt, String description) {
        if (attempt > 1) {
            Optional<ProviderSnapshot> earlier = stripe.findPaymentIntentOfOperation(record.id().toString());
            if (earlier.isPresent()) {
                LOG.info("operation {} found its PaymentIntent {} at the provider; adopting it", record.id(),
                        earlier.get().providerId());
                return StoredRequests.failIfDeclined(earlier.get());
            }
        }
        PaymentIntentSpec spec = new PaymentIntentSpec(payment.amountMinor(), payment.currency(), payment.customerId(),
                payment.paymentMethodId(), payment.kind() == PaymentKind.HOLD, payment.offSession(), description,
                returnUrl);
        return StoredRequests.failIfDeclined(stripe.createPaymentIntent(spec, StoredRequests.metadata(record, payment),
                IdempotencyKeys.providerKey(record.operation(), record.idempotencyKey(), "payment_intent")));
    }
}
