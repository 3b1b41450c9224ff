package org.crowdfund.pledge.store;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.InTransaction;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.pledge.domain.SagaKind;
import org.crowdfund.pledge.domain.SagaState;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Saga runs and their step journal. */
@Singleton
@InTransaction
public class SagaStore {
    private static final String COLUMNS = """
            id, pledge_id, kind, state, next_step, params, error_code, error_reason, error_message, error_metadata,
            wait_until, lease_until, attempts, created_at, updated_at""";

    private final Sql sql;

    public SagaStore(Sql sql) {
        this.sql = sql;
    }

    /** A saga run: the next step to run forward, or (compensating) the next completed step to undo is next_step - 1. */
    public record Saga(UUID id, UUID pledgeId, SagaKind kind, SagaState state, int nextStep, String params,
                       String errorCode, String errorReason, String errorMessage, String errorMetadata,
                       Instant waitUntil, Instant leaseUntil, int attempts, Instant createdAt, Instant updatedAt) {
    }

    public void insert(UUID id, UUID pledgeId, SagaKind kind, String params, Instant now) {
        sql.update("INSERT INTO pledge_saga (id, pledge_id, kind, state, params, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, pledgeId, kind.dbValue(), SagaState.RUNNING.dbValue(), params, now, now);
    }

    public Optional<Saga> find(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM pledge_saga WHERE id = ?", SagaStore::saga, id);
    }

    public Optional<Saga> latest(UUID pledgeId, SagaKind kind) {
        return sql.one("SELECT " + COLUMNS + " FROM pledge_saga WHERE pledge_id = ? AND kind = ? ORDER BY created_at DESC, id DESC LIMIT 1",
                SagaStore::saga, pledgeId, kind.dbValue());
    }

    public Optional<Saga> open(UUID pledgeId) {
        return sql.one("SELECT " + COLUMNS + " FROM pledge_saga WHERE pledge_id = ? AND state IN ('running', 'waiting', 'compensating') "
                + "ORDER BY created_at DESC LIMIT 1", SagaStore::saga, pledgeId);
    }

    /**
     * Takes the saga for one executor until {@code until}: false when another holds it. The lease
     * is what lets the request thread, the recovery job and a restarted process share sagas safely.
     */
    public boolean lease(UUID id, Instant now, Instant until) {
        return sql.update("UPDATE pledge_saga SET lease_until = ?, attempts = attempts + 1 WHERE id = ? "
                + "AND state IN ('running', 'waiting', 'compensating') AND (lease_until IS NULL OR lease_until < ?)", until, id, now) == 1;
    }

    public void unlease(UUID id) {
        sql.update("UPDATE pledge_saga SET lease_until = NULL WHERE id = ?", id);
    }

    public void advance(UUID id, int nextStep, SagaState state, Instant now) {
        sql.update("UPDATE pledge_saga SET next_step = ?, state = ?, wait_until = NULL, updated_at = ? WHERE id = ?",
                nextStep, state.dbValue(), now, id);
    }

    /** Records what a step learned (e.g. the new hold of a change) in the run's parameters. */
    public void setParams(UUID id, String params) {
        sql.update("UPDATE pledge_saga SET params = ? WHERE id = ?", params, id);
    }

    public void waitForBacker(UUID id, Instant until, Instant now) {
        sql.update("UPDATE pledge_saga SET state = 'waiting', wait_until = ?, updated_at = ? WHERE id = ?", until, now, id);
    }

    public void compensate(UUID id, String code, String reason, String message, String metadata, Instant now) {
        sql.update("""
                UPDATE pledge_saga SET state = 'compensating', error_code = ?, error_reason = ?, error_message = ?,
                       error_metadata = ?, wait_until = NULL, updated_at = ? WHERE id = ?""",
                code, reason, message, metadata, now, id);
    }

    public void journal(UUID sagaId, String step, String outcome, Instant now) {
        sql.update("INSERT INTO pledge_saga_step (saga_id, step, outcome, at) VALUES (?, ?, ?, ?)", sagaId, step, outcome, now);
    }

    public List<String> journal(UUID sagaId) {
        return sql.query("SELECT step, outcome FROM pledge_saga_step WHERE saga_id = ? ORDER BY seq",
                rs -> rs.getString("step") + ":" + rs.getString("outcome"), sagaId);
    }

    /** Open sagas nobody works on: running or compensating and idle since {@code idleSince}, or waiting past their time. */
    public List<UUID> stale(Instant idleSince, Instant now, int limit) {
        return sql.query("""
                SELECT id FROM pledge_saga
                 WHERE ((state IN ('running', 'compensating') AND updated_at < ?) OR (state = 'waiting' AND wait_until < ?))
                   AND (lease_until IS NULL OR lease_until < ?)
                 ORDER BY updated_at LIMIT ?""", rs -> Sql.uuid(rs, "id"), idleSince, now, now, limit);
    }

    /** Waiting sagas of a campaign's pledges, for settlement to end them when the campaign closed. */
    public int expireWaiting(UUID campaignId, Instant now) {
        return sql.update("""
                UPDATE pledge_saga SET wait_until = ? WHERE state = 'waiting'
                   AND pledge_id IN (SELECT id FROM pledge WHERE campaign_id = ?) AND wait_until > ?""", now, campaignId, now);
    }

    static Saga saga(ResultSet rs) throws SQLException {
        return new Saga(Sql.uuid(rs, "id"), Sql.uuid(rs, "pledge_id"), SagaKind.fromDb(rs.getString("kind")),
                SagaState.fromDb(rs.getString("state")), rs.getInt("next_step"), rs.getString("params"),
                rs.getString("error_code"), rs.getString("error_reason"), rs.getString("error_message"),
                rs.getString("error_metadata"), Sql.instant(rs, "wait_until"), Sql.instant(rs, "lease_until"),
                rs.getInt("attempts"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }
}
