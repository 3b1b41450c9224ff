package org.crowdfund.pledge.app.saga;

import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.PledgeConfig;
import org.crowdfund.pledge.clients.Downstream;
import org.crowdfund.pledge.clients.Payments;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.domain.SagaKind;
import org.crowdfund.pledge.domain.SagaState;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.pledge.store.SagaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drives a persisted saga run step by step: each step's completion is committed before the next
 * starts, so a run resumes where it stopped after a crash (the recovery job drives runs idle longer
 * than crowdfund.pledges.saga-stale-after). One executor at a time per run, by a lease in the
 * saga row. A refusal turns a compensating saga around: the completed steps are undone newest
 * first, then the definition records the outcome.
 */
@Singleton
public class SagaRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SagaRunner.class);

    private final Map<SagaKind, SagaDefinition> definitions = new EnumMap<>(SagaKind.class);
    private final SagaStore sagas;
    private final PledgeStore pledges;
    private final Payments payments;
    private final Transactions tx;
    private final PledgeConfig config;
    private final Clock clock;
    private final MeterRegistry meters;

    public SagaRunner(List<SagaDefinition> definitions, SagaStore sagas, PledgeStore pledges, Payments payments,
                      Transactions tx, PledgeConfig config, Clock clock, MeterRegistry meters) {
        definitions.forEach(d -> this.definitions.put(d.kind(), d));
        this.sagas = sagas;
        this.pledges = pledges;
        this.payments = payments;
        this.tx = tx;
        this.config = config;
        this.clock = clock;
        this.meters = meters;
    }

    /** Drives the run as far as it goes now; returns its state afterwards (unchanged if another executor holds it). */
    public SagaStore.Saga drive(UUID sagaId) {
        Instant now = clock.instant();
        boolean leased = tx.write(() -> sagas.lease(sagaId, now, now.plus(config.getSagaLease())));
        if (!leased) {
            return load(sagaId);
        }
        try {
            while (true) {
                SagaStore.Saga saga = load(sagaId);
                SagaDefinition definition = definitions.get(saga.kind());
                Pledge pledge = pledges.find(saga.pledgeId()).orElseThrow();
                SagaRun run = new SagaRun(saga, pledge, clock.instant());
                boolean more = switch (saga.state()) {
                    case RUNNING -> forward(definition, run);
                    case COMPENSATING -> backward(definition, run);
                    case WAITING -> resumeOrAbandon(definition, run);
                    case COMPLETED, COMPENSATED -> false;
                };
                if (!more) {
                    return load(sagaId);
                }
            }
        } catch (Downstream.TransientFailure e) {
            LOG.warn("saga {} paused: {}; the recovery job retries it", sagaId, e.getMessage());
            meters.counter("pledge.saga.paused", "service", e.service()).increment();
            return load(sagaId);
        } finally {
            tx.write(() -> {
                sagas.unlease(sagaId);
                return null;
            });
        }
    }

    private boolean forward(SagaDefinition definition, SagaRun run) {
        List<SagaStep> steps = definition.steps();
        int index = run.saga().nextStep();
        SagaStep step = steps.get(index);
        SagaStep.Result result;
        try {
            result = step.run(run);
        } catch (ServiceException refusal) {
            Instant now = clock.instant();
            tx.write(() -> {
                sagas.journal(run.saga().id(), step.name(), "refused:" + refusal.reason(), now);
                if (definition.compensates()) {
                    sagas.compensate(run.saga().id(), refusal.code().name(), refusal.reason(), refusal.getMessage(),
                            encode(Downstream.metadata(refusal)), now);
                } else {
                    LOG.error("saga {} ({}) step {} refused ({}: {}); passed, as this saga only moves forward",
                            run.saga().id(), definition.kind(), step.name(), refusal.reason(), refusal.getMessage());
                    sagas.advance(run.saga().id(), index + 1, index + 1 == steps.size() ? SagaState.COMPLETED : SagaState.RUNNING, now);
                }
                return null;
            });
            meters.counter("pledge.saga.refused", "kind", definition.kind().dbValue(), "step", step.name()).increment();
            return true;
        }
        Instant now = clock.instant();
        if (result == SagaStep.Result.WAIT_FOR_BACKER) {
            tx.write(() -> {
                sagas.journal(run.saga().id(), step.name(), "waiting", now);
                sagas.waitForBacker(run.saga().id(), now.plus(config.getActionTimeout()), now);
                return null;
            });
            return false;
        }
        boolean last = index + 1 == steps.size();
        tx.write(() -> {
            sagas.journal(run.saga().id(), step.name(), "done", now);
            sagas.advance(run.saga().id(), index + 1, last ? SagaState.COMPLETED : SagaState.RUNNING, now);
            return null;
        });
        return !last;
    }

    private boolean backward(SagaDefinition definition, SagaRun run) {
        int remaining = run.saga().nextStep();
        Instant now = clock.instant();
        if (remaining == 0) {
            SagaStore.Saga saga = run.saga();
            SagaDefinition.Refusal refusal = new SagaDefinition.Refusal(saga.errorCode(), saga.errorReason(),
                    saga.errorMessage(), decode(saga.errorMetadata()));
            tx.write(() -> {
                definition.compensated(run, refusal);
                sagas.advance(saga.id(), 0, SagaState.COMPENSATED, now);
                return null;
            });
            meters.counter("pledge.saga.compensated", "kind", definition.kind().dbValue(), "reason", saga.errorReason()).increment();
            return false;
        }
        SagaStep step = definition.steps().get(remaining - 1);
        String outcome = "compensated";
        try {
            step.compensate(run);
        } catch (ServiceException refusal) {
            // an undo the other side refuses has nothing left to undo (e.g. a hold already released)
            LOG.warn("saga {} compensation of {} refused ({}): treated as nothing to undo", run.saga().id(), step.name(), refusal.reason());
            outcome = "compensation_refused:" + refusal.reason();
        }
        String journaled = outcome;
        tx.write(() -> {
            sagas.journal(run.saga().id(), step.name(), journaled, clock.instant());
            sagas.advance(run.saga().id(), remaining - 1, SagaState.COMPENSATING, clock.instant());
            return null;
        });
        return true;
    }

    /**
     * A waiting run whose backer came back (ConfirmPledgeAuthentication) or whose time ran out: the
     * provider is asked for the payment's state first, then the step runs again with its key (and
     * sees the authenticated payment), or, past the time, the run compensates from the waiting step.
     */
    private boolean resumeOrAbandon(SagaDefinition definition, SagaRun run) {
        Pledge pledge = run.pledge();
        if (pledge.actionPaymentId() != null) {
            payments.refresh(pledge.actionPaymentId(), pledge.backerId());
        }
        Instant now = clock.instant();
        boolean expired = run.saga().waitUntil() != null && !now.isBefore(run.saga().waitUntil());
        SagaStep step = definition.steps().get(run.saga().nextStep());
        if (!expired) {
            tx.write(() -> {
                pledges.transition(pledge.id(), PledgeStatus.REQUIRES_ACTION, PledgeStatus.AUTHORIZING, now);
                sagas.advance(run.saga().id(), run.saga().nextStep(), SagaState.RUNNING, now);
                return null;
            });
            return true;
        }
        // one last look: the backer may have authenticated without coming back to the page
        SagaStep.Result result;
        try {
            result = step.run(run);
        } catch (ServiceException refusal) {
            result = SagaStep.Result.WAIT_FOR_BACKER;
        }
        if (result == SagaStep.Result.DONE) {
            tx.write(() -> {
                pledges.transition(pledge.id(), PledgeStatus.REQUIRES_ACTION, PledgeStatus.AUTHORIZING, now);
                sagas.journal(run.saga().id(), step.name(), "done", now);
                sagas.advance(run.saga().id(), run.saga().nextStep() + 1, SagaState.RUNNING, now);
                return null;
            });
            return true;
        }
        tx.write(() -> {
            sagas.journal(run.saga().id(), step.name(), "abandoned", now);
            // the waiting step may have left a payment waiting for authentication: undo it too
            sagas.advance(run.saga().id(), run.saga().nextStep() + 1, SagaState.COMPENSATING, now);
            sagas.compensate(run.saga().id(), Status.Code.FAILED_PRECONDITION.name(), "AUTHENTICATION_ABANDONED",
                    "the card was not authenticated within " + config.getActionTimeout().toMinutes()
                            + " minutes; pledge again to try once more", "", now);
            return null;
        });
        return true;
    }

    private SagaStore.Saga load(UUID sagaId) {
        return sagas.find(sagaId).orElseThrow();
    }

    static String encode(Map<String, String> metadata) {
        return SagaParams.format(metadata);
    }

    static Map<String, String> decode(String encoded) {
        return SagaParams.parse(encoded);
    }
}
