package org.crowdfund.payment.app;

import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.provider.ProviderException;
import org.crowdfund.payment.provider.StripePaymentGateway;
import org.crowdfund.payment.store.PaymentStore;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.sql.Transactions;

import java.util.List;
import java.util.UUID;

/** Reading payments, optionally brought up to date with the provider first. */
@Singleton
public class PaymentQueries {
    private final Transactions tx;
    private final PaymentStore payments;
    private final PaymentChanges changes;
    private final StripePaymentGateway stripe;

    public PaymentQueries(Transactions tx, PaymentStore payments, PaymentChanges changes,
                          StripePaymentGateway stripe) {
        this.tx = tx;
        this.payments = payments;
        this.changes = changes;
        this.stripe = stripe;
    }

    public record PaymentView(Payment payment, List<PaymentStore.StatusChange> history) {
    }

    public PaymentView get(Principal principal, UUID id, boolean refresh) {
        if (!principal.isAuthenticated()) {
            throw org.crowdfund.platform.grpc.ServiceException.unauthenticated("reading a payment needs an "
                    + "authenticated caller");
        }
        Payment payment = tx.read(() -> payments.find(id)).orElseThrow(() -> PaymentErrors.notFound(id));
        Access.requireReader(principal, payment);
        if (refresh && payment.providerId() != null) {
            ProviderSnapshot current;
            try {
                current = payment.providerId().startsWith("seti_") ? stripe.retrieveSetupIntent(payment.providerId())
                        : stripe.retrievePaymentIntent(payment.providerId());
            } catch (ProviderException e) {
                throw PaymentErrors.of(e, id);
            }
            payment = tx.write(() -> changes.apply(id, current, PaymentChanges.SOURCE_API, null).payment());
        }
        return new PaymentView(payment, tx.read(() -> payments.history(id)));
    }
}
