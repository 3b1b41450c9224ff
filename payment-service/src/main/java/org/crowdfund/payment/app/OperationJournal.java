package org.crowdfund.payment.app;

import com.google.protobuf.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.domain.IdempotencyKeys;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.provider.ProviderException;
import org.crowdfund.payment.store.CustomerStore;
import org.crowdfund.payment.store.OperationStore;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.crowdfund.payment.store.PaymentStore;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.proto.payment.v1.SavePaymentMethodRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The crash-safe protocol every mutating operation runs:
 * <ol>
 *   <li>record the operation (caller key, request, payment row) and commit, before the provider
 *   hears of it; a key seen before resumes or replays its operation instead;</li>
 *   <li>count the attempt, then run the operation's {@link ProviderStep} (which, from the second
 *   attempt on, first asks the provider whether an earlier attempt had its effect);</li>
 *   <li>store the provider's answer, the status change and a PaymentUpdated event, and complete
 *   the operation, in one transaction.</li>
 * </ol>
 * A crash between 2 and 3 leaves the operation pending: the caller's retry with the same key or
 * {@link PendingOperationRecoveryJob} repeats 2-3. An operation that cannot be settled
 * automatically (a lost refund past its key's lifetime, or one that kept failing for
 * {@code max-attempts} attempts) ends as {@code needs_reconciliation} instead of being retried forever.
 */
@Singleton
class OperationJournal {
    private static final Logger LOG = LoggerFactory.getLogger(OperationJournal.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(10);

    private final Transactions tx;
    private final OperationStore operations;
    private final PaymentStore payments;
    private final CustomerStore customers;
    private final PaymentChanges changes;
    private final List<ProviderStep> steps;
    private final CrashSwitch crash;
    private final Clock clock;
    private final Duration staleAfter;
    private final int maxAttempts;
    private final Counter needsReconciliation;

    OperationJournal(Transactions tx, OperationStore operations, PaymentStore payments,
                     CustomerStore customers, PaymentChanges changes, List<ProviderStep> steps, CrashSwitch crash,
                     Clock clock, MeterRegistry meters,
                     @Value("${crowdfund.payments.recovery.stale-after:30s}") Duration staleAfter,
                     @Value("${crowdfund.payments.recovery.max-attempts:50}") int maxAttempts) {
        this.tx = tx;
        this.operations = operations;
        this.payments = payments;
        this.customers = customers;
        this.changes = changes;
        this.steps = steps;
        this.crash = crash;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.maxAttempts = maxAttempts;
        this.needsReconciliation = Counter.builder("payment.operations.needs_reconciliation")
                .description("operations that ended needing an operator to reconcile them with the provider")
                .register(meters);
    }

    /** What recording an operation found: the payment to act on (and amount), or nothing left to do. */
    record Start(UUID paymentId, long amountMinor, Payment alreadyDone) {
        static Start of(UUID paymentId) {
            return new Start(paymentId, 0, null);
        }

        static Start alreadyDone(Payment payment) {
            return new Start(null, 0, payment);
        }
    }

    private record Recorded(OperationRecord operation, Payment alreadyDone) {
    }

    /** Records the operation (or finds it by its key) and runs it to an outcome or a refusal. */
    OperationOutcome run(Operation operation, String key, Message request, Supplier<Start> begin) {
        Recorded recorded = record(operation, key, request, begin);
        if (recorded.alreadyDone() != null) {
            return new OperationOutcome(recorded.alreadyDone(), null, "", 0);
        }
        return finish(recorded.operation(), PaymentChanges.SOURCE_API);
    }

    /** Finishes an operation left pending (crash, lost answer, outage): for the recovery job. */
    OperationOutcome resume(OperationRecord record) {
        return execute(record, PaymentChanges.SOURCE_RECOVERY);
    }

    private Recorded record(Operation operation, String key, Message request, Supplier<Start> begin) {
        byte[] bytes = request.toByteArray();
        String sha = IdempotencyKeys.sha256(bytes);
        try {
            return tx.write(() -> recordInTransaction(operation, key, bytes, sha, begin));
        } catch (Sql.DataAccessFailure e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            // the same key arrived concurrently and was recorded first: resume that operation
            return tx.write(() -> recordInTransaction(operation, key, bytes, sha, begin));
        }
    }

    private Recorded recordInTransaction(Operation operation, String key, byte[] bytes, String sha,
                                         Supplier<Start> begin) {
        Optional<OperationRecord> existing = operations.find(key);
        if (existing.isPresent()) {
            OperationRecord found = existing.get();
            if (found.operation() != operation || !found.requestSha256().equals(sha)) {
                throw PaymentErrors.of(FailureReason.IDEMPOTENCY_KEY_REUSED, "idempotency key '" + key + "' was used "
                        + "for a different request (" + found.operation().dbValue() + " of payment " + found.paymentId()
                        + "); use a new key for a new operation", found.paymentId());
            }
            return new Recorded(found, null);
        }
        Start start = begin.get();
        if (start.alreadyDone() != null) {
            return new Recorded(null, start.alreadyDone());
        }
        UUID id = Ids.newId();
        Instant now = clock.instant();
        operations.insert(id, key, operation, bytes, sha, start.paymentId(), start.amountMinor(), now,
                now.plus(staleAfter));
        return new Recorded(operations.find(id).orElseThrow(), null);
    }

    private OperationOutcome finish(OperationRecord record, String source) {
        return switch (record.state()) {
            case SUCCEEDED -> outcome(record);
            case FAILED, NEEDS_RECONCILIATION -> throw PaymentErrors.replay(record.errorStatus());
            case PENDING -> execute(record, source);
        };
    }

    private OperationOutcome execute(OperationRecord record, String source) {
        Instant now = clock.instant();
        Optional<Integer> attempt = tx.write(() -> operations.beginAttempt(record.id(), now,
                now.plus(staleAfter)));
        if (attempt.isEmpty()) {
            return finish(tx.read(() -> operations.find(record.id()).orElseThrow()), source);
        }
        Payment payment = tx.read(() -> payments.find(record.paymentId()))
                .orElseThrow(() -> PaymentErrors.notFound(record.paymentId()));
        StepResult step;
        try {
            step = stepFor(record.operation()).perform(record, payment, attempt.get());
        } catch (ProviderException e) {
            if (e.reason() == FailureReason.NEEDS_RECONCILIATION) {
                throw giveUp(record, e);
            }
            if (e.reason().isTransient()) {
                if (attempt.get() >= maxAttempts) {
                    throw giveUp(record, ProviderException.of(FailureReason.NEEDS_RECONCILIATION, "operation "
                            + record.id() + " still failed after " + attempt.get() + " attempts (last: " + e.reason()
                            + "); an operator reconciles it with the provider's dashboard"));
                }
                postpone(record, attempt.get(), e);
                throw PaymentErrors.of(e, record.paymentId());
            }
            crash.afterProviderAnswered(record, attempt.get());
            throw refuse(record, e, source);
        }
        crash.afterProviderAnswered(record, attempt.get());
        return complete(record, step, source);
    }

    private ProviderStep stepFor(Operation operation) {
        return steps.stream().filter(step -> step.handles(operation)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no provider step for " + operation));
    }

    private OperationOutcome complete(OperationRecord record, StepResult step, String source) {
        return tx.write(() -> {
            if (!operations.succeed(record.id(), step.refundId(), clock.instant())) {
                return outcome(operations.find(record.id()).orElseThrow());
            }
            Payment main = changes.apply(record.paymentId(), step.main(), source, null).payment();
            if (record.operation() == Operation.REAUTHORIZE && step.previous() != null) {
                changes.apply(main.replacesPaymentId(), step.previous(), source, null);
            }
            if (record.operation() == Operation.SAVE_PAYMENT_METHOD && !main.customerId().isEmpty()) {
                customers.remember(StoredRequests.parse(record, SavePaymentMethodRequest.parser()).getBackerId(),
                        main.customerId(), clock.instant());
            }
            return outcome(operations.find(record.id()).orElseThrow());
        });
    }

    /** A final refusal: stored for retries with the key, and what the provider showed is applied. */
    private ServiceException refuse(OperationRecord record, ProviderException e, String source) {
        ServiceException error = PaymentErrors.of(e, record.paymentId());
        tx.write(() -> {
            if (!operations.fail(record.id(), error.toRpcStatus().toByteArray(), String.valueOf(e.getMessage()),
                    clock.instant())) {
                return null;
            }
            ProviderSnapshot object = e.object();
            if (object != null) {
                changes.apply(record.paymentId(), object, source, null);
            }
            if (record.operation().createsPayment()) {
                changes.apply(record.paymentId(), new ProviderSnapshot(object == null ? null : object.providerId(),
                        PaymentStatus.FAILED, null, null, null, null, null, null, e.reason().name(),
                        e.declineCode(), null, null), source, null);
            }
            if (record.operation() == Operation.REAUTHORIZE) {
                Payment fresh = payments.find(record.paymentId()).orElseThrow();
                payments.lock(fresh.replacesPaymentId()).ifPresent(old ->
                        payments.update(old.replacedBy(null, clock.instant())));
            }
            return null;
        });
        return error;
    }

    /**
     * Ends the operation as needs_reconciliation: terminal (retries with its key get the same
     * answer, the recovery job leaves it alone), counted, and logged for operators. The payment
     * keeps the state the provider last showed.
     */
    private ServiceException giveUp(OperationRecord record, ProviderException e) {
        ServiceException error = PaymentErrors.of(e, record.paymentId());
        boolean ended = tx.write(() -> operations.needReconciliation(record.id(),
                error.toRpcStatus().toByteArray(), String.valueOf(e.getMessage()), clock.instant()));
        if (ended) {
            needsReconciliation.increment();
            LOG.error("{} {} of payment {} needs reconciliation: {}", record.operation().dbValue(), record.id(),
                    record.paymentId(), e.getMessage());
        }
        return error;
    }

    private void postpone(OperationRecord record, int attempt, ProviderException e) {
        Duration delay = staleAfter.multipliedBy(1L << Math.min(attempt - 1, 10));
        if (delay.compareTo(MAX_RETRY_DELAY) > 0) {
            delay = MAX_RETRY_DELAY;
        }
        Instant now = clock.instant();
        Instant retryAt = now.plus(delay);
        tx.write(() -> {
            operations.postpone(record.id(), e.reason() + ": " + e.getMessage(), now, retryAt);
            return null;
        });
        LOG.info("{} {} (attempt {}) left pending after {}; recovery retries it at {}", record.operation().dbValue(),
                record.id(), attempt, e.reason(), retryAt);
    }

    private OperationOutcome outcome(OperationRecord record) {
        return tx.read(() -> {
            Payment payment = payments.find(record.paymentId()).orElseThrow();
            Payment previous = record.operation() == Operation.REAUTHORIZE && payment.replacesPaymentId() != null
                    ? payments.find(payment.replacesPaymentId()).orElseThrow() : null;
            return new OperationOutcome(payment, previous, record.refundId(),
                    record.operation() == Operation.REFUND ? record.amountMinor() : 0);
        });
    }
}
