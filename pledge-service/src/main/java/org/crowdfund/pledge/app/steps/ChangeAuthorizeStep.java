package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.PledgeConfig;
import org.crowdfund.pledge.app.saga.SagaParams;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Payments;
import org.crowdfund.pledge.domain.FundingModel;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.store.SagaStore;
import org.crowdfund.proto.payment.v1.AuthorizeRequest;
import org.crowdfund.proto.payment.v1.ChargeRequest;
import org.crowdfund.proto.payment.v1.Payment;

import java.util.Map;

/**
 * A change's new authorization comes first: a new hold for the new amount when the pledge has a
 * hold, a new charge for keep-it-all (the old one is released only after the change is applied).
 * A pledge without a hold yet needs no new authorization. Compensation: the new payment is undone.
 */
@Singleton
public class ChangeAuthorizeStep implements SagaStep {
    private final Payments payments;
    private final SagaStore sagas;
    private final Transactions tx;
    private final PledgeConfig config;

    public ChangeAuthorizeStep(Payments payments, SagaStore sagas, Transactions tx, PledgeConfig config) {
        this.payments = payments;
        this.sagas = sagas;
        this.tx = tx;
        this.config = config;
    }

    @Override
    public String name() {
        return "change_authorize";
    }

    @Override
    public Result run(SagaRun run) {
        Pledge p = run.pledge();
        Map<String, String> params = SagaParams.parse(run.saga().params());
        long amount = Long.parseLong(params.get("amount"));
        boolean keepItAll = p.fundingModel() == FundingModel.KEEP_IT_ALL;
        if (!keepItAll && !p.hasHold()) {
            return Result.DONE;
        }
        String key = run.key("change-" + run.saga().id() + (keepItAll ? ":charge" : ":hold"));
        Payment payment = keepItAll
                ? payments.charge(ChargeRequest.newBuilder().setIdempotencyKey(key).setReference(p.id().toString()).setBackerId(p.backerId())
                .setCustomerId(p.customerId()).setPaymentMethodId(p.paymentMethodId()).setAmountMinor(amount)
                .setCurrency(p.currency()).setOffSession(false).setDescription("Pledge to " + p.campaignTitle()).build())
                : payments.authorize(AuthorizeRequest.newBuilder().setIdempotencyKey(key).setReference(p.id().toString()).setBackerId(p.backerId())
                .setCustomerId(p.customerId()).setPaymentMethodId(p.paymentMethodId()).setAmountMinor(amount)
                .setCurrency(p.currency()).setOffSession(false).setDescription("Pledge to " + p.campaignTitle()).build());
        if (PaymentAnswers.failed(payment) || PaymentAnswers.needsBacker(payment)) {
            // a change is made with the card already authenticated; one that asks again is refused
            PledgePaymentStep.undo(payments, payment.getPaymentId(), key + ":undo");
            throw PaymentAnswers.refusal(payment);
        }
        params.put("new_payment", payment.getPaymentId());
        if (!keepItAll) {
            params.put("new_capture_before",
                    PaymentAnswers.captureBefore(payment, run.now(), config.getExpectedOnSessionHold()).toString());
        }
        tx.write(() -> {
            sagas.setParams(run.saga().id(), SagaParams.format(params));
            return null;
        });
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        String newPayment = SagaParams.parse(run.saga().params()).get("new_payment");
        if (newPayment != null) {
            PledgePaymentStep.undo(payments, newPayment, run.key("change-" + run.saga().id() + ":undo"));
        }
    }
}
