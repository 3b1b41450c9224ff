package org.crowdfund.pledge.app;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.steps.PaymentAnswers;
import org.crowdfund.pledge.clients.Downstream;
import org.crowdfund.pledge.clients.Payments;
import org.crowdfund.pledge.domain.PaymentTiming;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.events.PledgeEvents;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.proto.payment.v1.AuthorizeRequest;
import org.crowdfund.proto.payment.v1.Payment;
import org.crowdfund.proto.payment.v1.PaymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * The hold job (payment timing): an all-or-nothing pledge without a hold gets one, off session,
 * once its deadline is within crowdfund.pledges.hold-lead-time; a hold whose capture_before falls
 * before the deadline plus the settlement window is re-placed (new hold, then the old one voided:
 * payment-service's Reauthorize) when that lapse is near; a hold that lapsed anyway is replaced by
 * a new one. Only the provider's capture_before decides when a hold lapses. A hold that fails notifies the backer
 * (PledgePaymentFailed, at_settlement = false) who can give another card while the campaign runs.
 * <p>
 * Keys: attempt n uses "&lt;pledge&gt;:hold-n" / ":reauth-n" where n = hold_seq + 1, and hold_seq
 * becomes n only with the recorded outcome, so a crash before that repeats the same key.
 */
@Singleton
public class HoldPlacement {
    private static final Logger LOG = LoggerFactory.getLogger(HoldPlacement.class);
    private static final int BATCH = 500;

    private final PledgeStore pledges;
    private final Payments payments;
    private final PledgeEvents events;
    private final Transactions tx;
    private final PledgeConfig config;
    private final Clock clock;
    private final MeterRegistry meters;

    public HoldPlacement(PledgeStore pledges, Payments payments, PledgeEvents events, Transactions tx,
                         PledgeConfig config, Clock clock, MeterRegistry meters) {
        this.pledges = pledges;
        this.payments = payments;
        this.events = events;
        this.tx = tx;
        this.config = config;
        this.clock = clock;
        this.meters = meters;
    }

    /** One pass; returns how many holds were placed or re-placed. */
    public int run() {
        Instant now = clock.instant();
        PaymentTiming timing = config.timing();
        int acted = 0;
        var candidates = tx.read(() -> pledges.holdCandidates(now.plus(config.getHoldLeadTime()),
                now.plus(config.getHoldRenewBefore()), now, BATCH));
        for (Pledge p : candidates) {
            try {
                boolean liveHold = p.hasHold() && PaymentTiming.live(now, p.holdCaptureBefore());
                if (!liveHold && timing.holdDue(now, p.campaignEndAt())) {
                    // none yet, or the provider let it lapse (its capture_before passed): a new one
                    place(p);
                    acted++;
                } else if (liveHold && timing.renewDue(now, p.campaignEndAt(), p.holdCaptureBefore())) {
                    renew(p);
                    acted++;
                }
            } catch (Downstream.TransientFailure e) {
                LOG.warn("hold for pledge {} postponed: {}", p.id(), e.getMessage());
            }
        }
        return acted;
    }

    private void place(Pledge p) {
        int seq = p.holdSeq() + 1;
        Payment hold;
        try {
            hold = payments.authorize(AuthorizeRequest.newBuilder().setIdempotencyKey(p.id() + ":hold-" + seq)
                    .setReference(p.id().toString()).setBackerId(p.backerId()).setCustomerId(p.customerId()).setPaymentMethodId(p.paymentMethodId())
                    .setAmountMinor(p.amountMinor()).setCurrency(p.currency()).setOffSession(true)
                    .setDescription("Pledge to " + p.campaignTitle()).build());
        } catch (ServiceException refusal) {
            failed(p, seq, refusal.reason(), Downstream.metadata(refusal).getOrDefault("decline_code", ""));
            return;
        }
        if (hold.getStatus() != PaymentStatus.PAYMENT_STATUS_AUTHORIZED) {
            failed(p, seq, PaymentAnswers.refusal(hold).reason(), hold.getDeclineCode());
            return;
        }
        record(p, seq, hold);
        meters.counter("pledge.holds", "outcome", "placed").increment();
    }

    private void renew(Pledge p) {
        int seq = p.holdSeq() + 1;
        Payment hold;
        try {
            hold = payments.reauthorize(p.id() + ":reauth-" + seq, p.holdPaymentId()).getPayment();
        } catch (ServiceException refusal) {
            failed(p, seq, refusal.reason(), Downstream.metadata(refusal).getOrDefault("decline_code", ""));
            return;
        }
        record(p, seq, hold);
        meters.counter("pledge.holds", "outcome", "renewed").increment();
    }

    /** Keeps the new hold, unless the pledge stopped being pending meanwhile (cancelled): then it is voided. */
    private void record(Pledge p, int seq, Payment hold) {
        Instant now = clock.instant();
        boolean kept = tx.write(() -> {
            Pledge current = pledges.lock(p.id()).orElseThrow();
            if (current.status() != org.crowdfund.pledge.domain.PledgeStatus.PENDING) {
                return false;
            }
            pledges.set(p.id(), now, "hold_payment_id = ?, hold_capture_before = ?, hold_seq = ?", hold.getPaymentId(),
                    PaymentAnswers.captureBefore(hold, now, config.getExpectedOnSessionHold()), seq);
            return true;
        });
        if (!kept) {
            payments.voidHold(p.id() + ":void-orphan-" + seq, hold.getPaymentId());
        }
    }

    private void failed(Pledge p, int seq, String reason, String declineCode) {
        Instant now = clock.instant();
        tx.write(() -> {
            if (pledges.lock(p.id()).orElseThrow().status() != org.crowdfund.pledge.domain.PledgeStatus.PENDING) {
                // cancelled or voided meanwhile: nothing is owed, nobody to tell
                return null;
            }
            pledges.set(p.id(), now, "hold_seq = ?, hold_failed = TRUE, failure_reason = ?, decline_code = ?", seq, reason, declineCode);
            events.paymentFailed(p, reason, declineCode, "We could not place the hold for your pledge (" + reason
                    + "). Give another payment method before the campaign ends at " + p.campaignEndAt()
                    + " to keep your pledge.", false, p.campaignEndAt(), now);
            return null;
        });
        meters.counter("pledge.holds", "outcome", "failed").increment();
    }
}
