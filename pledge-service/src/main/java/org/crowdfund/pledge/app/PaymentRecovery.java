package org.crowdfund.pledge.app;

import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.saga.SagaRunner;
import org.crowdfund.pledge.app.steps.PaymentAnswers;
import org.crowdfund.pledge.clients.Downstream;
import org.crowdfund.pledge.clients.Payments;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.domain.SagaKind;
import org.crowdfund.pledge.events.PledgeEvents;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.pledge.store.SagaStore;
import org.crowdfund.proto.payment.v1.AuthorizeRequest;
import org.crowdfund.proto.payment.v1.ChargeRequest;
import org.crowdfund.proto.payment.v1.Payment;
import org.crowdfund.proto.payment.v1.PaymentStatus;
import org.crowdfund.proto.payment.v1.SavePaymentMethodRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Failed payments: a payment_failed pledge with a temporary decline is retried off session with
 * back-off (doubling); the backer can give a new payment method until fix_before (7 days); after
 * that the pledge is dropped (PledgeDropped) and the release saga gives back its total and slot.
 */
@Singleton
public class PaymentRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentRecovery.class);
    private static final int BATCH = 200;

    private final PledgeStore pledges;
    private final SagaStore sagas;
    private final SagaRunner runner;
    private final Payments payments;
    private final PledgeEvents events;
    private final Transactions tx;
    private final PledgeConfig config;
    private final Clock clock;

    public PaymentRecovery(PledgeStore pledges, SagaStore sagas, SagaRunner runner, Payments payments, PledgeEvents events,
                           Transactions tx, PledgeConfig config, Clock clock) {
        this.pledges = pledges;
        this.sagas = sagas;
        this.runner = runner;
        this.payments = payments;
        this.events = events;
        this.tx = tx;
        this.config = config;
        this.clock = clock;
    }

    /** Retries due temporary declines; returns how many were tried. */
    public int retryDue() {
        Instant now = clock.instant();
        var due = tx.read(() -> pledges.retriesDue(now, BATCH));
        for (Pledge p : due) {
            int seq = p.chargeSeq() + 1;
            try {
                Payment paid = payments.charge(charge(p, p.id() + ":retry-" + seq, true));
                settle(p, seq, paid);
            } catch (ServiceException refusal) {
                retryLater(p, seq, refusal.reason(), Downstream.metadata(refusal).getOrDefault("decline_code", ""));
            } catch (Downstream.TransientFailure e) {
                LOG.warn("retry of pledge {} postponed: {}", p.id(), e.getMessage());
            }
        }
        return due.size();
    }

    /** Drops pledges whose fix window is over; returns how many. */
    public int dropExpired() {
        Instant now = clock.instant();
        var over = tx.write(() -> {
            var rows = pledges.lockFixWindowOver(now, BATCH);
            var sagaIds = new java.util.ArrayList<UUID>();
            for (Pledge p : rows) {
                if (pledges.transition(p.id(), PledgeStatus.PAYMENT_FAILED, PledgeStatus.DROPPED, now)) {
                    UUID sagaId = Ids.newId();
                    sagas.insert(sagaId, p.id(), SagaKind.RELEASE, "dropped", now);
                    events.dropped(p, "the payment failed (" + p.failureReason() + ") and no other payment method was given by "
                            + p.fixBefore(), now);
                    sagaIds.add(sagaId);
                }
            }
            return sagaIds;
        });
        over.forEach(runner::drive);
        return over.size();
    }

    /**
     * The backer gives another card: saved for off-session use, then a failed payment is charged
     * at once (the backer is present), or a hold that failed before the deadline is placed again.
     */
    public Pledge updatePaymentMethod(Principal principal, UUID pledgeId, String paymentMethod, String returnUrl) {
        Access.requireBacker(principal);
        if (paymentMethod == null || paymentMethod.isBlank()) {
            throw ServiceException.invalid("payment_method_id", "is required: a Stripe payment method (pm_...)");
        }
        Pledge p = pledges.find(pledgeId).filter(x -> x.isOwnedBy(principal.subject()) || principal.isAdmin())
                .orElseThrow(() -> Access.pledgeNotFound(pledgeId));
        Instant now = clock.instant();
        boolean failedPayment = p.status() == PledgeStatus.PAYMENT_FAILED && p.fixBefore() != null && now.isBefore(p.fixBefore());
        boolean failedHold = p.status() == PledgeStatus.PENDING && p.holdFailed();
        boolean pendingCard = p.status() == PledgeStatus.PENDING && !p.lockedAt(now);
        if (!failedPayment && !failedHold && !pendingCard) {
            throw ServiceException.failedPrecondition("PLEDGE_STATE_CONFLICT", "pledge " + pledgeId + " is " + p.status().dbValue()
                    + (p.status() == PledgeStatus.PAYMENT_FAILED ? " and its fix window ended at " + p.fixBefore() : "")
                    + "; its payment method cannot be changed now");
        }
        Payment saved = payments.saveCard(SavePaymentMethodRequest.newBuilder()
                .setIdempotencyKey(p.id() + ":save-card-" + shortHash(paymentMethod)).setBackerId(p.backerId())
                .setEmail(p.backerEmail()).setName(p.backerName()).setPaymentMethod(paymentMethod)
                .setReference(p.id().toString()).build());
        if (PaymentAnswers.failed(saved)) {
            throw PaymentAnswers.refusal(saved);
        }
        if (PaymentAnswers.needsBacker(saved)) {
            tx.write(() -> {
                pledges.set(p.id(), now, "action_payment_id = ?, action_url = ?, action_client_secret = ?", saved.getPaymentId(),
                        saved.getNextAction().getRedirectUrl(), saved.getNextAction().getClientSecret());
                return null;
            });
            return pledges.find(pledgeId).orElseThrow();
        }
        tx.write(() -> {
            pledges.set(p.id(), now, "customer_id = ?, payment_method_id = ?, payment_method_token = ?, return_url = ?",
                    saved.getCustomerId(), saved.getPaymentMethodId(), paymentMethod, returnUrl == null ? "" : returnUrl);
            return null;
        });
        Pledge updated = pledges.find(pledgeId).orElseThrow();
        if (failedPayment) {
            int seq = p.chargeSeq() + 1;
            Payment paid = payments.charge(charge(updated, p.id() + ":fix-charge-" + seq, false));
            if (paid.getStatus() != PaymentStatus.PAYMENT_STATUS_SUCCEEDED) {
                retryLater(updated, seq, PaymentAnswers.refusal(paid).reason(), paid.getDeclineCode());
                throw PaymentAnswers.refusal(paid);
            }
            settle(updated, seq, paid);
        } else if (failedHold || (updated.hasHold() && config.timing().holdDue(now, p.campaignEndAt()))) {
            placeHoldOnSession(updated);
        }
        return pledges.find(pledgeId).orElseThrow();
    }

    private void placeHoldOnSession(Pledge p) {
        int seq = p.holdSeq() + 1;
        Payment hold = payments.authorize(AuthorizeRequest.newBuilder().setIdempotencyKey(p.id() + ":hold-" + seq)
                .setReference(p.id().toString()).setBackerId(p.backerId()).setCustomerId(p.customerId()).setPaymentMethodId(p.paymentMethodId())
                .setAmountMinor(p.amountMinor()).setCurrency(p.currency()).setOffSession(false)
                .setDescription("Pledge to " + p.campaignTitle()).build());
        if (hold.getStatus() != PaymentStatus.PAYMENT_STATUS_AUTHORIZED) {
            throw PaymentAnswers.refusal(hold);
        }
        String previous = p.holdPaymentId();
        Instant now = clock.instant();
        tx.write(() -> {
            pledges.set(p.id(), now, "hold_payment_id = ?, hold_capture_before = ?, hold_seq = ?, hold_failed = FALSE, "
                    + "failure_reason = '', decline_code = ''", hold.getPaymentId(),
                    PaymentAnswers.captureBefore(hold, now, config.getExpectedOnSessionHold()), seq);
            return null;
        });
        if (previous != null) {
            payments.voidHold(p.id() + ":void-replaced-" + (seq - 1), previous);
        }
    }

    private ChargeRequest charge(Pledge p, String key, boolean offSession) {
        return ChargeRequest.newBuilder().setIdempotencyKey(key).setReference(p.id().toString()).setBackerId(p.backerId()).setCustomerId(p.customerId())
                .setPaymentMethodId(p.paymentMethodId()).setAmountMinor(p.amountMinor()).setCurrency(p.currency())
                .setOffSession(offSession).setDescription("Pledge to " + p.campaignTitle()).build();
    }

    private void settle(Pledge p, int seq, Payment paid) {
        if (paid.getStatus() != PaymentStatus.PAYMENT_STATUS_SUCCEEDED) {
            retryLater(p, seq, PaymentAnswers.refusal(paid).reason(), paid.getDeclineCode());
            return;
        }
        Instant now = clock.instant();
        tx.write(() -> {
            if (pledges.transition(p.id(), PledgeStatus.PAYMENT_FAILED, PledgeStatus.CAPTURED, now)) {
                pledges.set(p.id(), now, "charge_payment_id = ?, charge_seq = ?, retryable = FALSE, next_retry_at = NULL",
                        paid.getPaymentId(), seq);
                events.captured(p, paid.getAmountCapturedMinor() > 0 ? paid.getAmountCapturedMinor() : p.amountMinor(), now);
            }
            return null;
        });
    }

    private void retryLater(Pledge p, int seq, String reason, String declineCode) {
        Instant now = clock.instant();
        boolean retryable = PaymentAnswers.retryable(declineCode);
        long factor = 1L << Math.min(seq, 10);
        tx.write(() -> {
            pledges.set(p.id(), now, "charge_seq = ?, retryable = ?, next_retry_at = ?, failure_reason = ?, decline_code = ?",
                    seq, retryable, retryable ? now.plus(config.getRetryBackoff().multipliedBy(factor)) : null, reason, declineCode);
            return null;
        });
    }

    private static String shortHash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
