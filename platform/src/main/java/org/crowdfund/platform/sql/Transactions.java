package org.crowdfund.platform.sql;

import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The one way every service runs a transaction. {@link #write} retries the whole unit of work
 * when PostgreSQL aborts it to break a deadlock (SQLState 40P01) or a serialization conflict
 * (40001): such an abort is the database asking for a retry, never a business failure. A retry
 * happens only at the outermost transaction (a nested call joins its caller and lets the failure
 * travel up to the level that can start over), after a short random pause so two retried
 * transactions do not collide again. The work must therefore be safe to run again: keep calls to
 * other services and anything else with effects outside the database out of it, and use
 * {@link #afterCommit} for after-the-fact effects (metrics, notifications).
 */
@Singleton
@Requires(property = "datasources.default.url")
public class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    static final int ATTEMPTS = 4;

    private final TransactionOperations<Connection> tx;

    public Transactions(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** Runs {@code work} in a read-write transaction (joining one already open), retried on 40P01/40001. */
    public <T> T write(Supplier<T> work) {
        if (inTransaction()) {
            return tx.executeWrite(status -> work.get());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.executeWrite(status -> work.get());
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                LOG.info("transaction aborted by the database ({}); retrying, attempt {}", e.getMessage(), attempt + 1);
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 5_000_000L * attempt));
            }
        }
    }

    /** {@link #write} for work without a result. */
    public void run(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} in a read-only transaction (joining one already open). */
    public <T> T read(Supplier<T> work) {
        return tx.executeRead(status -> work.get());
    }

    /** Runs after the current transaction commits (at once when there is none); never after a rollback. */
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

    public boolean inTransaction() {
        return tx.findTransactionStatus().isPresent();
    }

    /** True for the aborts PostgreSQL asks the client to retry: deadlock and serialization failure. */
    public static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
            if (t instanceof Sql.DataAccessFailure failure
                    && ("40P01".equals(failure.sqlState()) || "40001".equals(failure.sqlState()))) {
                return true;
            }
        }
        return false;
    }
}
