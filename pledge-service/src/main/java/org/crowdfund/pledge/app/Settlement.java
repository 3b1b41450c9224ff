package org.crowdfund.pledge.app;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.saga.SagaRunner;
import org.crowdfund.pledge.app.steps.PaymentAnswers;
import org.crowdfund.pledge.clients.Campaigns;
import org.crowdfund.pledge.clients.Downstream;
import org.crowdfund.pledge.clients.Payments;
import org.crowdfund.pledge.domain.FundingModel;
import org.crowdfund.pledge.domain.PaymentTiming;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.domain.SagaKind;
import org.crowdfund.pledge.domain.SettlementOutcome;
import org.crowdfund.pledge.events.PledgeEvents;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.pledge.store.SagaStore;
import org.crowdfund.pledge.store.SettlementCounters;
import org.crowdfund.pledge.store.SettlementRecord;
import org.crowdfund.pledge.store.SettlementRepository;
import org.crowdfund.proto.events.v1.CampaignCancelled;
import org.crowdfund.proto.events.v1.CampaignEnded;
import org.crowdfund.proto.events.v1.CampaignSettled;
import org.crowdfund.proto.events.v1.SettlementProgressed;
import org.crowdfund.proto.payment.v1.ChargeRequest;
import org.crowdfund.proto.payment.v1.Payment;
import org.crowdfund.proto.payment.v1.PaymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/**
 * Settles a campaign after CampaignEnded, in phases kept in the settlement row so any replica (or
 * a restarted process) continues where the last one stopped:
 * <ol>
 *   <li>deciding: waits until no pledge of the campaign is still in its saga (waiting ones are
 *   timed out at once), then sums the non-cancelled pledges (authoritative) and decides by model;</li>
 *   <li>executing: claims pending pledges in batches (SKIP LOCKED leases) and captures (a live hold),
 *   charges off session (no live hold) or voids each, in parallel; every payment call carries a key
 *   derived from the pledge, so a batch repeated after a crash captures nothing twice;</li>
 *   <li>settled: CampaignSettled, with campaign-service's running total compared to the sum (drift).</li>
 * </ol>
 * A campaign cancelled while active (CampaignCancelled) runs the same phases with its outcome
 * known from the start ({@link SettlementOutcome#CANCELLED}): every pending pledge's hold is voided
 * ({@code voided}), every keep-it-all charge refunded ({@code refunded}), and a release saga gives
 * back the campaign total and the slot; no CampaignSettled (the campaign is already final).
 * Rounds are run by db-scheduler ({@code PledgeScheduler}); payment-service's limiter paces the calls.
 */
@Singleton
public class Settlement {
    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);
    /** One round works at most this long, so a scheduler thread is not held indefinitely; the next round continues. */
    private static final Duration ROUND_BUDGET = Duration.ofSeconds(20);

    private final SettlementRepository settlements;
    private final SettlementCounters counters;
    private final PledgeStore pledges;
    private final SagaStore sagas;
    private final Payments payments;
    private final Campaigns campaigns;
    private final PledgeEvents events;
    private final SagaRunner runner;
    private final Transactions tx;
    private final PledgeConfig config;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService workers;

    public Settlement(SettlementRepository settlements, SettlementCounters counters, PledgeStore pledges, SagaStore sagas,
                      Payments payments, Campaigns campaigns, PledgeEvents events, SagaRunner runner, Transactions tx,
                      PledgeConfig config, Clock clock, MeterRegistry meters) {
        this.runner = runner;
        this.settlements = settlements;
        this.counters = counters;
        this.pledges = pledges;
        this.sagas = sagas;
        this.payments = payments;
        this.campaigns = campaigns;
        this.events = events;
        this.tx = tx;
        this.config = config;
        this.clock = clock;
        this.meters = meters;
        this.workers = Executors.newFixedThreadPool(config.getSettlementParallelism(), r -> {
            Thread t = new Thread(r, "settlement-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** CampaignEnded: a settlement to run (idempotent; runs in the consumer's transaction). */
    public void start(CampaignEnded ended) {
        FundingModel model = ended.getFundingModel() == org.crowdfund.proto.campaign.v1.FundingModel.FUNDING_MODEL_KEEP_IT_ALL
                ? FundingModel.KEEP_IT_ALL : FundingModel.ALL_OR_NOTHING;
        settlements.start(UUID.fromString(ended.getCampaignId()), model.dbValue(), ended.getCurrency(), ended.getGoalMinor(),
                ended.getPledgedMinor(), clock.instant());
    }

    /**
     * CampaignCancelled: every pledge gets its money back (idempotent; runs in the consumer's
     * transaction). A campaign without pledges has nothing to undo; a pledge whose saga is still
     * running is refused by campaign-service from now on and compensates by itself.
     */
    public void startCancellation(CampaignCancelled cancelled) {
        UUID campaignId = UUID.fromString(cancelled.getCampaignId());
        pledges.campaignTerms(campaignId).ifPresent(terms ->
                settlements.startCancelled(campaignId, terms[0], terms[1], clock.instant()));
    }

    /** One round over every open settlement. */
    public void round() {
        for (SettlementRecord s : settlements.findByPhaseInList(List.of(SettlementRecord.DECIDING, SettlementRecord.EXECUTING))) {
            try {
                if (SettlementRecord.DECIDING.equals(s.phase())) {
                    decide(s);
                } else {
                    execute(s);
                }
            } catch (Downstream.TransientFailure e) {
                LOG.warn("settlement of {} paused: {}; the next round continues", s.campaignId(), e.getMessage());
            }
        }
    }

    private void decide(SettlementRecord s) {
        Instant now = clock.instant();
        Map<PledgeStatus, PledgeStore.StatusTotal> totals = pledges.totalsByStatus(s.campaignId());
        long inFlight = count(totals, PledgeStatus.AUTHORIZING) + count(totals, PledgeStatus.REQUIRES_ACTION);
        if (inFlight > 0) {
            // sagas still running finish or compensate (campaign-service refuses to count them now);
            // those waiting for 3-D Secure cannot be counted any more: time them out now
            int expired = tx.write(() -> sagas.expireWaiting(s.campaignId(), now));
            LOG.info("settlement of {} waits for {} pledges still in their saga ({} waiting ones timed out)",
                    s.campaignId(), inFlight, expired);
            return;
        }
        long sum = totals.entrySet().stream().filter(e -> e.getKey().counts()).mapToLong(e -> e.getValue().amountMinor()).sum();
        SettlementOutcome outcome = SettlementOutcome.CANCELLED.dbValue().equals(s.outcome()) ? SettlementOutcome.CANCELLED
                : SettlementOutcome.decide(FundingModel.fromDb(s.fundingModel()), sum, s.goalMinor());
        tx.write(() -> counters.decide(s.campaignId(), outcome.dbValue(), sum, now));
        LOG.info("settlement of {}: {} of {} {} pledged -> {}", s.campaignId(), sum, s.goalMinor(), s.currency(), outcome.dbValue());
        execute(settlements.findById(s.campaignId()).orElseThrow());
    }

    private void execute(SettlementRecord s) {
        SettlementOutcome outcome = SettlementOutcome.fromDb(s.outcome());
        // a cancelled campaign also gives keep-it-all charges back; otherwise captured pledges stay
        Set<PledgeStatus> open = outcome == SettlementOutcome.CANCELLED ? Set.of(PledgeStatus.PENDING, PledgeStatus.CAPTURED)
                : Set.of(PledgeStatus.PENDING);
        Instant until = clock.instant().plus(ROUND_BUDGET);
        while (clock.instant().isBefore(until)) {
            Instant now = clock.instant();
            List<Pledge> batch = tx.write(() -> pledges.claimForSettlement(s.campaignId(), open, now,
                    now.plus(config.getSettlementLease()), config.getSettlementBatch()));
            if (batch.isEmpty()) {
                break;
            }
            List<Future<?>> running = new ArrayList<>();
            for (Pledge p : batch) {
                running.add(workers.submit(() -> settleOne(p, outcome)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.error("settling a pledge of {} failed; it is retried when its lease ends", s.campaignId(), e.getCause());
                }
            }
            Map<PledgeStatus, PledgeStore.StatusTotal> totals = pledges.totalsByStatus(s.campaignId());
            tx.write(() -> {
                counters.countOperations(s.campaignId(), batch.size());
                events.settlementProgressed(SettlementProgressed.newBuilder().setCampaignId(s.campaignId().toString())
                        .setTotalPledges(totals.values().stream().mapToLong(PledgeStore.StatusTotal::count).sum())
                        .setCaptured(count(totals, PledgeStatus.CAPTURED)).setVoided(count(totals, PledgeStatus.VOIDED))
                        .setFailed(count(totals, PledgeStatus.PAYMENT_FAILED)).setRemaining(count(totals, PledgeStatus.PENDING))
                        .setAt(timestamp(clock.instant())).build());
                return null;
            });
        }
        if (open.stream().allMatch(status -> pledges.countInStatus(s.campaignId(), status) == 0)) {
            finish(s, outcome);
        }
    }

    private void settleOne(Pledge p, SettlementOutcome outcome) {
        try {
            if (outcome == SettlementOutcome.CANCELLED) {
                giveBack(p);
            } else if (outcome.collects()) {
                collect(p);
            } else {
                voidPledge(p);
            }
        } catch (Downstream.TransientFailure e) {
            // retried in a later batch, after a short pause rather than at once
            tx.write(() -> {
                pledges.set(p.id(), clock.instant(), "settle_lease_until = ?", clock.instant().plusSeconds(2));
                return null;
            });
            meters.counter("pledge.settlement.retried").increment();
        }
    }

    private void collect(Pledge p) {
        Instant now = clock.instant();
        Payment paid;
        try {
            if (p.hasHold() && PaymentTiming.live(now, p.holdCaptureBefore())) {
                try {
                    paid = payments.capture(p.id() + ":capture-" + p.holdSeq(), p.holdPaymentId());
                } catch (ServiceException e) {
                    if (!"HOLD_EXPIRED".equals(e.reason())) {
                        throw e;
                    }
                    paid = chargeOffSession(p);
                }
            } else {
                paid = chargeOffSession(p);
            }
        } catch (ServiceException refusal) {
            paymentFailed(p, refusal.reason(), Downstream.metadata(refusal).getOrDefault("decline_code", ""), refusal.getMessage());
            return;
        }
        if (paid.getStatus() != PaymentStatus.PAYMENT_STATUS_SUCCEEDED) {
            ServiceException refusal = PaymentAnswers.refusal(paid);
            paymentFailed(p, refusal.reason(), paid.getDeclineCode(), refusal.getMessage());
            return;
        }
        Payment succeeded = paid;
        tx.write(() -> {
            if (pledges.transition(p.id(), PledgeStatus.PENDING, PledgeStatus.CAPTURED, clock.instant())) {
                if (!succeeded.getPaymentId().equals(p.holdPaymentId())) {
                    pledges.set(p.id(), clock.instant(), "charge_payment_id = ?", succeeded.getPaymentId());
                }
                events.captured(p, succeeded.getAmountCapturedMinor() > 0 ? succeeded.getAmountCapturedMinor() : p.amountMinor(),
                        clock.instant());
            }
            return null;
        });
        meters.counter("pledge.settlement.captured").increment();
    }

    private Payment chargeOffSession(Pledge p) {
        return payments.charge(ChargeRequest.newBuilder().setIdempotencyKey(p.id() + ":settle-charge")
                .setReference(p.id().toString()).setBackerId(p.backerId()).setCustomerId(p.customerId()).setPaymentMethodId(p.paymentMethodId())
                .setAmountMinor(p.amountMinor()).setCurrency(p.currency()).setOffSession(true)
                .setDescription("Pledge to " + p.campaignTitle()).build());
    }

    private void paymentFailed(Pledge p, String reason, String declineCode, String message) {
        Instant now = clock.instant();
        Instant fixBefore = now.plus(config.getFixWindow());
        boolean retryable = PaymentAnswers.retryable(declineCode) || "PROCESSING_ERROR".equals(reason);
        tx.write(() -> {
            if (pledges.transition(p.id(), PledgeStatus.PENDING, PledgeStatus.PAYMENT_FAILED, now)) {
                pledges.set(p.id(), now, "failure_reason = ?, decline_code = ?, failure_message = ?, retryable = ?, "
                                + "next_retry_at = ?, fix_before = ?", reason, declineCode, message, retryable,
                        retryable ? now.plus(config.getRetryBackoff()) : null, fixBefore);
                events.paymentFailed(p, reason, declineCode, "Your payment for this pledge failed (" + reason
                        + (declineCode.isEmpty() ? "" : ", " + declineCode) + "). Give another payment method before "
                        + fixBefore + " to keep your pledge.", true, fixBefore, now);
            }
            return null;
        });
        meters.counter("pledge.settlement.payment_failed", "reason", reason).increment();
    }

    private void voidPledge(Pledge p) {
        if (p.hasHold()) {
            try {
                payments.voidHold(p.id() + ":void-" + p.holdSeq(), p.holdPaymentId());
            } catch (ServiceException refusal) {
                // a hold that lapsed or was released already holds nothing
                LOG.info("void of pledge {}'s hold refused ({}); nothing is held", p.id(), refusal.reason());
            }
        }
        tx.write(() -> {
            if (pledges.transition(p.id(), PledgeStatus.PENDING, PledgeStatus.VOIDED, clock.instant())) {
                events.voided(p, clock.instant());
            }
            return null;
        });
        meters.counter("pledge.settlement.voided").increment();
    }

    /**
     * The campaign was cancelled: a keep-it-all charge is refunded ({@code refunded}), a hold voided
     * ({@code voided}); then the release saga takes the pledge out of the campaign total and gives
     * its slot back. A refund the provider refuses leaves the pledge captured, retried when its
     * lease ends and visible in the settlement's counts.
     */
    private void giveBack(Pledge p) {
        boolean charged = p.status() == PledgeStatus.CAPTURED;
        if (charged) {
            payments.refund(p.id() + ":campaign-cancelled-refund-" + p.chargeSeq(), p.chargePaymentId());
        } else if (p.hasHold()) {
            try {
                payments.voidHold(p.id() + ":void-" + p.holdSeq(), p.holdPaymentId());
            } catch (ServiceException refusal) {
                LOG.info("void of pledge {}'s hold refused ({}); nothing is held", p.id(), refusal.reason());
            }
        }
        PledgeStatus to = charged ? PledgeStatus.REFUNDED : PledgeStatus.VOIDED;
        UUID sagaId = Ids.newId();
        boolean moved = tx.write(() -> {
            Instant now = clock.instant();
            if (!pledges.transition(p.id(), p.status(), to, now)) {
                return false;
            }
            if (charged) {
                events.refunded(p, p.amountMinor(), now);
            } else {
                events.voided(p, now);
            }
            sagas.insert(sagaId, p.id(), SagaKind.RELEASE, "campaign_cancelled", now);
            return true;
        });
        if (moved) {
            // the hold job (the deadline is still ahead) may have placed a hold since this pledge was claimed
            Pledge after = pledges.find(p.id()).orElseThrow();
            if (after.hasHold() && !after.holdPaymentId().equals(p.holdPaymentId())) {
                try {
                    payments.voidHold(p.id() + ":void-" + after.holdSeq(), after.holdPaymentId());
                } catch (ServiceException refusal) {
                    LOG.info("void of pledge {}'s late hold refused ({}); nothing is held", p.id(), refusal.reason());
                }
            }
            runner.drive(sagaId);
            meters.counter("pledge.settlement." + to.dbValue()).increment();
        }
    }

    private void finish(SettlementRecord s, SettlementOutcome outcome) {
        if (outcome == SettlementOutcome.CANCELLED) {
            // campaign-service's total goes to zero as the release sagas run; the campaign is already final
            tx.write(() -> counters.finish(s.campaignId(), 0, 0, clock.instant()));
            LOG.info("campaign {} cancelled: every pledge voided or refunded", s.campaignId());
            return;
        }
        long counter = campaigns.get(s.campaignId().toString()).getPledgedMinor();
        SettlementRecord decided = settlements.findById(s.campaignId()).orElseThrow();
        Map<PledgeStatus, PledgeStore.StatusTotal> totals = pledges.totalsByStatus(s.campaignId());
        long drift = counter - decided.pledgedMinor();
        Instant now = clock.instant();
        tx.write(() -> {
            if (counters.finish(s.campaignId(), counter, drift, now)) {
                events.campaignSettled(CampaignSettled.newBuilder().setCampaignId(s.campaignId().toString())
                        .setOutcome(switch (outcome) {
                            case FUNDED -> org.crowdfund.proto.events.v1.SettlementOutcome.SETTLEMENT_OUTCOME_FUNDED;
                            case FAILED -> org.crowdfund.proto.events.v1.SettlementOutcome.SETTLEMENT_OUTCOME_FAILED;
                            case PARTIALLY_FUNDED -> org.crowdfund.proto.events.v1.SettlementOutcome.SETTLEMENT_OUTCOME_PARTIALLY_FUNDED;
                            case CANCELLED -> throw new IllegalStateException("a cancelled campaign is not settled");
                        })
                        .setCurrency(s.currency()).setGoalMinor(s.goalMinor()).setPledgedMinor(decided.pledgedMinor())
                        .setCapturedMinor(amount(totals, PledgeStatus.CAPTURED))
                        .setCapturedCount((int) count(totals, PledgeStatus.CAPTURED))
                        .setVoidedCount((int) count(totals, PledgeStatus.VOIDED))
                        .setFailedCount((int) count(totals, PledgeStatus.PAYMENT_FAILED))
                        .setSettledAt(timestamp(now)).build());
            }
            return null;
        });
        if (drift != 0) {
            LOG.warn("campaign {}: campaign-service's running total {} drifted by {} from the authoritative sum {} {}",
                    s.campaignId(), counter, drift, decided.pledgedMinor(), s.currency());
            meters.counter("pledge.settlement.drift").increment();
        }
        LOG.info("campaign {} settled as {}", s.campaignId(), outcome.dbValue());
    }

    static long count(Map<PledgeStatus, PledgeStore.StatusTotal> totals, PledgeStatus status) {
        PledgeStore.StatusTotal t = totals.get(status);
        return t == null ? 0 : t.count();
    }

    static long amount(Map<PledgeStatus, PledgeStore.StatusTotal> totals, PledgeStatus status) {
        PledgeStore.StatusTotal t = totals.get(status);
        return t == null ? 0 : t.amountMinor();
    }
}
