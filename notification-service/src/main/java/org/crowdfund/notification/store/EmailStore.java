package org.crowdfund.notification.store;

import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The e-mail queue. A sender claims due rows with {@code FOR UPDATE SKIP LOCKED} (so replicas
 * share the work) and holds them under a lease; a replica that dies mid-send leaves its rows to
 * be claimed again when the lease ends. Every claim counts as an attempt.
 */
@Singleton
public class EmailStore {
    private final Sql sql;

    public EmailStore(Sql sql) {
        this.sql = sql;
    }

    public record Claimed(UUID notificationId, String email, int attempts, String recipientId, NotificationType type,
                          String model) {
    }

    public record Parked(UUID notificationId, NotificationType type, String recipientId, String email, int attempts,
                         String lastError, Instant parkedAt) {
    }

    /**
     * Claims up to {@code limit} e-mails: first those whose sender's lease ran out (a replica died
     * mid-send), then due ones in due order. Two statements so each walks its own partial index.
     */
    public List<Claimed> claim(Instant now, Instant leaseUntil, int limit) {
        List<Claimed> claimed = new java.util.ArrayList<>(claimWhere(
                "status = 'sending' AND lease_until < ? ORDER BY lease_until", now, leaseUntil, limit));
        if (claimed.size() < limit) {
            claimed.addAll(claimWhere("status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at",
                    now, leaseUntil, limit - claimed.size()));
        }
        return claimed;
    }

    private List<Claimed> claimWhere(String condition, Instant now, Instant leaseUntil, int limit) {
        return sql.query("""
                WITH due AS (
                    SELECT notification_id FROM email_delivery
                     WHERE %s
                     LIMIT ?
                     FOR UPDATE SKIP LOCKED)
                UPDATE email_delivery d SET status = 'sending', lease_until = ?, attempts = d.attempts + 1
                  FROM due, notification n
                 WHERE d.notification_id = due.notification_id AND n.id = d.notification_id
                RETURNING d.notification_id, d.email, d.attempts, n.recipient_id, n.type, n.model""".formatted(condition),
                rs -> new Claimed(Sql.uuid(rs, "notification_id"), rs.getString("email"), rs.getInt("attempts"),
                        rs.getString("recipient_id"), NotificationType.fromWireName(rs.getString("type")).orElseThrow(),
                        rs.getString("model")),
                now, limit, leaseUntil);
    }

    public void sent(UUID notificationId, Instant now) {
        sql.update("UPDATE email_delivery SET status = 'sent', sent_at = ?, lease_until = NULL, last_error = NULL "
                + "WHERE notification_id = ? AND status = 'sending'", now, notificationId);
    }

    public void retryLater(UUID notificationId, String error, Instant nextAttemptAt) {
        sql.update("UPDATE email_delivery SET status = 'pending', next_attempt_at = ?, lease_until = NULL, last_error = ? "
                + "WHERE notification_id = ? AND status = 'sending'", nextAttemptAt, truncate(error), notificationId);
    }

    public void park(UUID notificationId, String error, Instant now) {
        sql.update("UPDATE email_delivery SET status = 'parked', parked_at = ?, lease_until = NULL, last_error = ? "
                + "WHERE notification_id = ? AND status = 'sending'", now, truncate(error), notificationId);
    }

    public long parkedCount() {
        return sql.one("SELECT count(*) AS n FROM email_delivery WHERE status = 'parked'", rs -> rs.getLong("n")).orElse(0L);
    }

    /** Parked e-mails oldest first, after the keyset cursor (parked_at, id) when given. */
    public List<Parked> parked(Instant afterAt, UUID afterId, int limit) {
        String sqlText = """
                SELECT d.notification_id, n.type, n.recipient_id, d.email, d.attempts, d.last_error, d.parked_at
                  FROM email_delivery d JOIN notification n ON n.id = d.notification_id
                 WHERE d.status = 'parked'""" + (afterAt == null ? "" : " AND (d.parked_at, d.notification_id) > (?, ?)")
                + " ORDER BY d.parked_at, d.notification_id LIMIT ?";
        Sql.RowMapper<Parked> mapper = rs -> new Parked(Sql.uuid(rs, "notification_id"),
                NotificationType.fromWireName(rs.getString("type")).orElseThrow(), rs.getString("recipient_id"),
                rs.getString("email"), rs.getInt("attempts"), rs.getString("last_error"), Sql.instant(rs, "parked_at"));
        return afterAt == null ? sql.query(sqlText, mapper, limit) : sql.query(sqlText, mapper, afterAt, afterId, limit);
    }

    /** Puts parked e-mails back in the queue with fresh attempts; all of them when {@code ids} is empty. */
    public int requeue(List<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return sql.update("UPDATE email_delivery SET status = 'pending', attempts = 0, next_attempt_at = ?, parked_at = NULL "
                    + "WHERE status = 'parked'", now);
        }
        return sql.update("UPDATE email_delivery SET status = 'pending', attempts = 0, next_attempt_at = ?, parked_at = NULL "
                + "WHERE status = 'parked' AND notification_id = ANY(?)", now, SqlArrays.of(sql, "uuid", ids));
    }

    /** How many e-mails a recipient has in each status (tests and support). */
    public long count(String status) {
        return sql.one("SELECT count(*) AS n FROM email_delivery WHERE status = ?", rs -> rs.getLong("n"), status).orElse(0L);
    }

    private static String truncate(String error) {
        String e = error == null ? "unknown error" : error;
        return e.length() > 1000 ? e.substring(0, 1000) : e;
    }
}
