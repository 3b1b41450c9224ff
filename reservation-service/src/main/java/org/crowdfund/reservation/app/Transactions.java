package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Write transactions that are retried when PostgreSQL aborts them to break a deadlock (the
 * lock order reservation -> inventory -> pool rules almost all of them out; a backer racing
 * against their own hold's expiry on two replicas can still produce one), plus after-commit
 * hooks for metrics, so a rolled-back attempt is never counted.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    private static final int ATTEMPTS = 4;

    private final TransactionOperations<Connection> tx;

    public Transactions(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    public <T> T write(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.executeWrite(status -> work.get());
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                LOG.info("transaction aborted by the database ({}); retrying, attempt {}", e.getMessage(), attempt + 1);
            }
        }
    }

    public <T> T read(Supplier<T> work) {
        return tx.executeRead(status -> work.get());
    }

    /** Runs after the current transaction commits (at once when there is none). */
    public void afterCommit(Runnable action) {
        var status = tx.findTransactionStatus();
        if (status.isEmpty()) {
            action.run();
            return;
        }
        status.get().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
