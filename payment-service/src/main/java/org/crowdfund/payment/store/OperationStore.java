package org.crowdfund.payment.store;

import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.platform.sql.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Operations recorded before the provider is called, and their outcome. Callers hold the transaction. */
@Singleton
public class OperationStore {
    private static final String COLUMNS = """
            id, idempotency_key, operation, request, request_sha256, payment_id, state, attempts, error_status,
            amount_minor, refund_id, created_at""";

    private final Sql sql;

    public OperationStore(Sql sql) {
        this.sql = sql;
    }

    public enum State { PENDING, SUCCEEDED, FAILED, NEEDS_RECONCILIATION }

    public record OperationRecord(UUID id, String idempotencyKey, Operation operation, byte[] request,
                                  String requestSha256, UUID paymentId, State state, int attempts, byte[] errorStatus,
                                  long amountMinor, String refundId, Instant createdAt) {
    }

    public Optional<OperationRecord> find(String idempotencyKey) {
        return sql.one("SELECT " + COLUMNS + " FROM payment_operation WHERE idempotency_key = ?", OperationStore::map,
                idempotencyKey);
    }

    public Optional<OperationRecord> find(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM payment_operation WHERE id = ?", OperationStore::map, id);
    }

    public void insert(UUID id, String idempotencyKey, Operation operation, byte[] request, String requestSha256,
                       UUID paymentId, long amountMinor, Instant now, Instant firstRecoveryAt) {
        sql.update("""
                INSERT INTO payment_operation (id, idempotency_key, operation, request, request_sha256, payment_id,
                    amount_minor, state, next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)""",
                id, idempotencyKey, operation.dbValue(), request, requestSha256, paymentId, amountMinor, firstRecoveryAt,
                now, now);
    }

    /** Counts an attempt at the provider (committed before the call); empty when no longer pending. */
    public Optional<Integer> beginAttempt(UUID id, Instant now, Instant recoveryAt) {
        return sql.one("""
                UPDATE payment_operation SET attempts = attempts + 1, next_attempt_at = ?, updated_at = ?
                WHERE id = ? AND state = 'pending' RETURNING attempts""",
                rs -> rs.getInt("attempts"), recoveryAt, now, id);
    }

    /** Completes the operation; false when another attempt completed it first. */
    public boolean succeed(UUID id, String refundId, Instant now) {
        return sql.update("""
                UPDATE payment_operation SET state = 'succeeded', refund_id = ?, last_error = '', updated_at = ?,
                    completed_at = ?
                WHERE id = ? AND state = 'pending'""", refundId, now, now, id) == 1;
    }

    /** Completes the operation as refused; retries with its key get the same refusal. */
    public boolean fail(UUID id, byte[] errorStatus, String message, Instant now) {
        return sql.update("""
                UPDATE payment_operation SET state = 'failed', error_status = ?, last_error = ?, updated_at = ?,
                    completed_at = ?
                WHERE id = ? AND state = 'pending'""", errorStatus, message, now, now, id) == 1;
    }

    /** Ends the operation for an operator to reconcile; retries with its key get the same answer. */
    public boolean needReconciliation(UUID id, byte[] errorStatus, String message, Instant now) {
        return sql.update("""
                UPDATE payment_operation SET state = 'needs_reconciliation', error_status = ?, last_error = ?,
                    updated_at = ?, completed_at = ?
                WHERE id = ? AND state = 'pending'""", errorStatus, message, now, now, id) == 1;
    }

    /** The provider could not answer: stays pending, for the caller's retry or the recovery job at {@code retryAt}. */
    public void postpone(UUID id, String message, Instant now, Instant retryAt) {
        sql.update("""
                UPDATE payment_operation SET last_error = ?, next_attempt_at = ?, updated_at = ?
                WHERE id = ? AND state = 'pending'""", message, retryAt, now, id);
    }

    /**
     * Pending operations whose time came, leased until {@code leaseUntil} so other replicas skip
     * them while this one finishes them.
     */
    public List<OperationRecord> claimDue(Instant now, Instant leaseUntil, int limit) {
        return sql.query("""
                UPDATE payment_operation SET next_attempt_at = ?, updated_at = ?
                WHERE id IN (SELECT id FROM payment_operation WHERE state = 'pending' AND next_attempt_at <= ?
                             ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING\s""" + COLUMNS, OperationStore::map, leaseUntil, now, now, limit);
    }

    private static OperationRecord map(ResultSet rs) throws SQLException {
        return new OperationRecord(
                Sql.uuid(rs, "id"),
                rs.getString("idempotency_key"),
                Operation.fromDb(rs.getString("operation")),
                rs.getBytes("request"),
                rs.getString("request_sha256"),
                Sql.uuid(rs, "payment_id"),
                State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                rs.getInt("attempts"),
                rs.getBytes("error_status"),
                rs.getLong("amount_minor"),
                rs.getString("refund_id"),
                Sql.instant(rs, "created_at"));
    }
}
