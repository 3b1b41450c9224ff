package org.crowdfund.notification.store;

import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The e-mail queue as admins and the parked gauge see it. Sending threads work the queue through
 * {@link EmailQueue}.
 */
@Singleton
public class EmailStore {
    private final Sql sql;

    public EmailStore(Sql sql) {
        this.sql = sql;
    }

    public record Parked(UUID notificationId, NotificationType type, String recipientId, String email, int attempts,
                         String lastError, Instant parkedAt) {
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

}
