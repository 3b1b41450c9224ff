package org.crowdfund.payment.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import org.crowdfund.platform.sql.Transactions;
import jakarta.inject.Singleton;
import org.crowdfund.payment.store.OperationStore;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.crowdfund.platform.grpc.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Finishes operations left pending by a crash, a lost answer or an outage, whether or not the
 * caller retries: the provider is asked for its truth first (see PaymentOperations). Replicas
 * share the work through SKIP LOCKED and a lease; failed attempts back off exponentially.
 */
@Singleton
@Requires(property = "crowdfund.payments.recovery.enabled", notEquals = "false")
public class PendingOperationRecoveryJob {
    private static final Logger LOG = LoggerFactory.getLogger(PendingOperationRecoveryJob.class);
    private static final int BATCH = 20;

    private final Transactions tx;
    private final OperationStore operations;
    private final PaymentOperations payments;
    private final Clock clock;
    private final Duration lease;

    public PendingOperationRecoveryJob(Transactions tx, OperationStore operations,
                                       PaymentOperations payments, Clock clock,
                                       @Value("${crowdfund.payments.recovery.stale-after:30s}") Duration staleAfter) {
        this.tx = tx;
        this.operations = operations;
        this.payments = payments;
        this.clock = clock;
        this.lease = staleAfter;
    }

    @Scheduled(fixedDelay = "${crowdfund.payments.recovery.interval:5s}", initialDelay = "2s")
    void tick() {
        try {
            recoverDue();
        } catch (RuntimeException e) {
            LOG.warn("recovering pending payment operations failed; will retry: {}", e.getMessage());
        }
    }

    /** Finishes up to one batch of due operations; returns how many were tried. */
    public int recoverDue() {
        Instant now = clock.instant();
        List<OperationRecord> due = tx.write(() -> operations.claimDue(now, now.plus(lease), BATCH));
        for (OperationRecord operation : due) {
            try {
                payments.resume(operation);
                LOG.info("recovered {} {} (key {})", operation.operation().dbValue(), operation.id(),
                        operation.idempotencyKey());
            } catch (ServiceException e) {
                LOG.info("recovering {} {} ended with {}: {}", operation.operation().dbValue(), operation.id(),
                        e.reason(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("recovering {} {} failed", operation.operation().dbValue(), operation.id(), e);
            }
        }
        return due.size();
    }
}
