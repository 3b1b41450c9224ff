package org.crowdfund.payment.app;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.IdempotencyKeys;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.provider.StripePaymentGateway;
import org.crowdfund.payment.store.CustomerStore;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.proto.payment.v1.SavePaymentMethodRequest;

import java.time.Clock;

/**
 * The backer's customer (created once, by a key derived from the backer) and a confirmed
 * SetupIntent that saves the card for off-session use. Re-sent with its key on later attempts:
 * no money moves here.
 */
@Singleton
class SaveCardStep implements ProviderStep {
    private final Transactions tx;
    private final CustomerStore customers;
    private final StripePaymentGateway stripe;
    private final Clock clock;
    private final String returnUrl;

    SaveCardStep(Transactions tx, CustomerStore customers, StripePaymentGateway stripe, Clock clock,
                 @Value("${crowdfund.payments.return-url:}") String returnUrl) {
        this.tx = tx;
        this.customers = customers;
        this.stripe = stripe;
        this.clock = clock;
        this.returnUrl = returnUrl;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.SAVE_PAYMENT_METHOD;
    }

    @Override
    public StepResult perform(OperationRecord record, Payment payment, int attempt) {
        SavePaymentMethodRequest r = StoredRequests.parse(record, SavePaymentMethodRequest.parser());
        String customer = tx.read(() -> customers.find(r.getBackerId())).orElseGet(() -> {
            String created = stripe.createCustomer(r.getBackerId(), r.getEmail(), r.getName(),
                    IdempotencyKeys.customerKey(r.getBackerId()));
            tx.write(() -> {
                customers.remember(r.getBackerId(), created, clock.instant());
                return null;
            });
            return created;
        });
        return StepResult.of(StoredRequests.failIfDeclined(stripe.setUpCard(customer, r.getPaymentMethod(),
                StoredRequests.metadata(record, payment), returnUrl,
                IdempotencyKeys.providerKey(record.operation(), record.idempotencyKey(), "setup_intent"))));
    }
}
