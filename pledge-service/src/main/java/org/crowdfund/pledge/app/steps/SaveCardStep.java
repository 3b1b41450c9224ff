package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Payments;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.proto.payment.v1.Payment;
import org.crowdfund.proto.payment.v1.SavePaymentMethodRequest;


/**
 * Saves the backer's card to their Stripe customer for off-session use (SetupIntent), which
 * verifies it and asks for 3-D Secure while the backer is present. Moves no money, so there is
 * nothing to compensate.
 */
@Singleton
public class SaveCardStep implements SagaStep {
    private final Payments payments;
    private final PledgeStore pledges;
    private final Transactions tx;

    public SaveCardStep(Payments payments, PledgeStore pledges, Transactions tx) {
        this.payments = payments;
        this.pledges = pledges;
        this.tx = tx;
    }

    @Override
    public String name() {
        return "save_card";
    }

    @Override
    public Result run(SagaRun run) {
        Pledge p = run.pledge();
        if (p.paymentMethodId() != null) {
            return Result.DONE;
        }
        Payment saved = payments.saveCard(SavePaymentMethodRequest.newBuilder().setIdempotencyKey(run.key("save-card"))
                .setBackerId(p.backerId()).setEmail(p.backerEmail()).setName(p.backerName())
                .setPaymentMethod(p.paymentMethodToken()).setReference(p.id().toString()).build());
        if (PaymentAnswers.needsBacker(saved)) {
            tx.write(() -> {
                PaymentAnswers.awaitBacker(pledges, p, saved, run.now());
                return null;
            });
            return Result.WAIT_FOR_BACKER;
        }
        if (PaymentAnswers.failed(saved)) {
            throw PaymentAnswers.refusal(saved);
        }
        tx.write(() -> {
            pledges.set(p.id(), run.now(), "customer_id = ?, payment_method_id = ?, action_payment_id = NULL, action_url = NULL, "
                    + "action_client_secret = NULL", saved.getCustomerId(), saved.getPaymentMethodId());
            return null;
        });
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        // a saved card moves no money; the customer keeps it for the backer's next pledge
    }
}
