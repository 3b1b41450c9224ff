package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.PledgeConfig;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Payments;
import org.crowdfund.pledge.domain.FundingModel;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.proto.payment.v1.AuthorizeRequest;
import org.crowdfund.proto.payment.v1.ChargeRequest;
import org.crowdfund.proto.payment.v1.Payment;
import org.crowdfund.proto.payment.v1.PaymentStatus;


/**
 * Payment at pledge time, as payment timing says: keep-it-all is charged at once (on session);
 * all-or-nothing gets an on-session hold when one would outlive the deadline plus the settlement
 * window, otherwise nothing now (the hold job places it later). The decision is recorded before
 * the call (hold_seq / charge_seq = 1), so a re-run after a crash repeats the same request with
 * the same key instead of deciding again at another time.
 * Compensation: a hold is voided, a charge refunded (or voided while it awaited authentication).
 */
@Singleton
public class PledgePaymentStep implements SagaStep {
    private final Payments payments;
    private final PledgeStore pledges;
    private final PledgeConfig config;
    private final Transactions tx;

    public PledgePaymentStep(Payments payments, PledgeStore pledges, PledgeConfig config, Transactions tx) {
        this.payments = payments;
        this.pledges = pledges;
        this.config = config;
        this.tx = tx;
    }

    @Override
    public String name() {
        return "hold_or_charge";
    }

    @Override
    public Result run(SagaRun run) {
        Pledge p = run.pledge();
        boolean keepItAll = p.fundingModel() == FundingModel.KEEP_IT_ALL;
        if (keepItAll ? p.chargeSeq() == 0 : p.holdSeq() == 0) {
            if (!keepItAll && !config.timing().holdAtPledge(run.now(), p.campaignEndAt())) {
                return Result.DONE;
            }
            tx.write(() -> {
                pledges.set(p.id(), run.now(), keepItAll ? "charge_seq = 1" : "hold_seq = 1");
                return null;
            });
        }
        Payment payment = request(run, p, keepItAll);
        if (PaymentAnswers.needsBacker(payment)) {
            tx.write(() -> {
                PaymentAnswers.awaitBacker(pledges, p, payment, run.now());
                return null;
            });
            return Result.WAIT_FOR_BACKER;
        }
        if (PaymentAnswers.failed(payment)) {
            throw PaymentAnswers.refusal(payment);
        }
        tx.write(() -> {
            if (keepItAll) {
                pledges.set(p.id(), run.now(), "charge_payment_id = ?, action_payment_id = NULL, action_url = NULL, "
                        + "action_client_secret = NULL", payment.getPaymentId());
            } else {
                pledges.set(p.id(), run.now(), "hold_payment_id = ?, hold_capture_before = ?, action_payment_id = NULL, "
                        + "action_url = NULL, action_client_secret = NULL", payment.getPaymentId(),
                        PaymentAnswers.captureBefore(payment, run.now(), config.getExpectedOnSessionHold()));
            }
            return null;
        });
        return Result.DONE;
    }

    private Payment request(SagaRun run, Pledge p, boolean keepItAll) {
        if (keepItAll) {
            return payments.charge(ChargeRequest.newBuilder().setIdempotencyKey(run.key("charge-1"))
                    .setReference(p.id().toString()).setBackerId(p.backerId()).setCustomerId(p.customerId()).setPaymentMethodId(p.paymentMethodId())
                    .setAmountMinor(p.amountMinor()).setCurrency(p.currency()).setOffSession(false)
                    .setDescription(description(p)).build());
        }
        return payments.authorize(AuthorizeRequest.newBuilder().setIdempotencyKey(run.key("hold-1"))
                .setReference(p.id().toString()).setBackerId(p.backerId()).setCustomerId(p.customerId()).setPaymentMethodId(p.paymentMethodId())
                .setAmountMinor(p.amountMinor()).setCurrency(p.currency()).setOffSession(false)
                .setDescription(description(p)).build());
    }

    static String description(Pledge p) {
        String title = p.campaignTitle().length() > 200 ? p.campaignTitle().substring(0, 200) : p.campaignTitle();
        return "Pledge to " + title;
    }

    @Override
    public void compensate(SagaRun run) {
        Pledge p = run.pledge();
        boolean keepItAll = p.fundingModel() == FundingModel.KEEP_IT_ALL;
        if (keepItAll ? p.chargeSeq() == 0 : p.holdSeq() == 0) {
            return;
        }
        String paymentId = keepItAll ? p.chargePaymentId() : p.holdPaymentId();
        if (paymentId == null) {
            paymentId = p.actionPaymentId();
        }
        if (paymentId == null) {
            // the call may have reached the provider before a crash: the same key answers with that payment
            try {
                paymentId = request(run, p, keepItAll).getPaymentId();
            } catch (ServiceException refused) {
                return;
            }
        }
        undo(payments, paymentId, run.key(keepItAll ? "refund-1" : "void-hold-1"));
    }

    /** Gives back whatever the payment holds now: a hold (or one awaiting authentication) is voided, money refunded. */
    static void undo(Payments payments, String paymentId, String key) {
        Payment now = payments.refresh(paymentId);
        PaymentStatus status = now.getStatus();
        if (status == PaymentStatus.PAYMENT_STATUS_SUCCEEDED || status == PaymentStatus.PAYMENT_STATUS_PARTIALLY_REFUNDED) {
            payments.refund(key, paymentId);
        } else if (status == PaymentStatus.PAYMENT_STATUS_AUTHORIZED || status == PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION
                || status == PaymentStatus.PAYMENT_STATUS_PENDING) {
            payments.voidHold(key, paymentId);
        }
    }
}
