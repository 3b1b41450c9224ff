package org.crowdfund.notification.store;

import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Notifications and their e-mail deliveries. Both are inserted set-based (one statement per
 * batch), and the unique (dedup_key, recipient_id) key makes inserting the same notification
 * again a no-op: only the rows actually inserted get an e-mail delivery.
 */
@Singleton
public class NotificationStore {
    private final Sql sql;

    public NotificationStore(Sql sql) {
        this.sql = sql;
    }

    /** A notification to insert; {@code email} empty = no e-mail (none known, or not wanted). */
    public record NewNotification(String dedupKey, String recipientId, NotificationType type, UUID campaignId,
                                  String title, String body, String link, String model, boolean inApp, String email) {
    }

    public record Notification(UUID id, String recipientId, NotificationType type, UUID campaignId, String title,
                               String body, String link, Instant createdAt, Instant readAt) {
    }

    /** Inserts what is new; returns how many notifications were new (the others existed already). */
    public int insert(List<NewNotification> batch, Instant now) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<UUID> ids = new ArrayList<>(batch.size());
        List<String> keys = new ArrayList<>(batch.size());
        List<String> recipients = new ArrayList<>(batch.size());
        List<String> types = new ArrayList<>(batch.size());
        List<UUID> campaigns = new ArrayList<>(batch.size());
        List<String> titles = new ArrayList<>(batch.size());
        List<String> bodies = new ArrayList<>(batch.size());
        List<String> links = new ArrayList<>(batch.size());
        List<String> models = new ArrayList<>(batch.size());
        List<Boolean> inApp = new ArrayList<>(batch.size());
        for (NewNotification n : batch) {
            ids.add(Ids.newId());
            keys.add(n.dedupKey());
            recipients.add(n.recipientId());
            types.add(n.type().wireName());
            campaigns.add(n.campaignId());
            titles.add(n.title());
            bodies.add(n.body());
            links.add(n.link());
            models.add(n.model());
            inApp.add(n.inApp());
        }
        Set<UUID> inserted = new HashSet<>(sql.query("""
                INSERT INTO notification (id, dedup_key, recipient_id, type, campaign_id, title, body, link, model, in_app, created_at)
                SELECT id, dedup_key, recipient_id, type, campaign_id, title, body, link, model, in_app, ?
                  FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
                       AS t(id, dedup_key, recipient_id, type, campaign_id, title, body, link, model, in_app)
                ON CONFLICT (dedup_key, recipient_id) DO NOTHING
                RETURNING id""", rs -> Sql.uuid(rs, "id"), now,
                SqlArrays.of(sql, "uuid", ids), SqlArrays.of(sql, "text", keys), SqlArrays.of(sql, "text", recipients),
                SqlArrays.of(sql, "text", types), SqlArrays.of(sql, "uuid", campaigns), SqlArrays.of(sql, "text", titles),
                SqlArrays.of(sql, "text", bodies), SqlArrays.of(sql, "text", links), SqlArrays.of(sql, "text", models),
                SqlArrays.of(sql, "boolean", inApp)));
        List<UUID> mailIds = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (inserted.contains(ids.get(i)) && !batch.get(i).email().isEmpty()) {
                mailIds.add(ids.get(i));
                addresses.add(batch.get(i).email());
            }
        }
        if (!mailIds.isEmpty()) {
            sql.update("""
                    INSERT INTO email_delivery (notification_id, email, status, next_attempt_at)
                    SELECT id, email, 'pending', ? FROM unnest(?::uuid[], ?::text[]) AS t(id, email)""",
                    now, SqlArrays.of(sql, "uuid", mailIds), SqlArrays.of(sql, "text", addresses));
        }
        return inserted.size();
    }

    /** A page of the recipient's inbox, newest first, after the keyset cursor (created_at, id) when given. */
    public List<Notification> inbox(String recipientId, boolean unreadOnly, Instant beforeAt, UUID beforeId, int limit) {
        String unread = unreadOnly ? " AND read_at IS NULL" : "";
        if (beforeAt == null) {
            return sql.query("SELECT * FROM notification WHERE recipient_id = ? AND in_app" + unread
                    + " ORDER BY created_at DESC, id DESC LIMIT ?", NotificationStore::map, recipientId, limit);
        }
        return sql.query("SELECT * FROM notification WHERE recipient_id = ? AND in_app" + unread
                + " AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?",
                NotificationStore::map, recipientId, beforeAt, beforeId, limit);
    }

    public long unreadCount(String recipientId) {
        return sql.one("SELECT count(*) AS n FROM notification WHERE recipient_id = ? AND in_app AND read_at IS NULL",
                rs -> rs.getLong("n"), recipientId).orElse(0L);
    }

    /** Marks the recipient's notification read (keeping the first read time); empty when it is not theirs. */
    public Optional<Notification> markRead(UUID id, String recipientId, Instant now) {
        sql.update("UPDATE notification SET read_at = ? WHERE id = ? AND recipient_id = ? AND in_app AND read_at IS NULL",
                now, id, recipientId);
        return sql.one("SELECT * FROM notification WHERE id = ? AND recipient_id = ? AND in_app",
                NotificationStore::map, id, recipientId);
    }

    /** Notifications of a recipient made from one dedup key (for tests and support). */
    public Optional<Notification> find(String dedupKey, String recipientId) {
        return sql.one("SELECT * FROM notification WHERE dedup_key = ? AND recipient_id = ?",
                NotificationStore::map, dedupKey, recipientId);
    }

    private static Notification map(ResultSet rs) throws SQLException {
        return new Notification(Sql.uuid(rs, "id"), rs.getString("recipient_id"),
                NotificationType.fromWireName(rs.getString("type")).orElseThrow(), Sql.uuid(rs, "campaign_id"),
                rs.getString("title"), rs.getString("body"), rs.getString("link"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "read_at"));
    }
}
