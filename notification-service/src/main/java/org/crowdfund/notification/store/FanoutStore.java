package org.crowdfund.notification.store;

import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.Audience;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Campaign-wide messages to work through, each with its cursor (the last backer id done). */
@Singleton
public class FanoutStore {
    private final Sql sql;

    public FanoutStore(Sql sql) {
        this.sql = sql;
    }

    public record Fanout(UUID id, String dedupKey, UUID campaignId, NotificationType type, Audience audience,
                         String model, String cursor, int recipients) {
    }

    /** Starts a fan-out once per dedup key; a second start (redelivered event) changes nothing. */
    public void start(String dedupKey, UUID campaignId, NotificationType type, Audience audience, String model, Instant now) {
        sql.update("""
                INSERT INTO fanout (id, dedup_key, campaign_id, type, audience, model, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING""",
                Ids.newId(), dedupKey, campaignId, type.wireName(), audience.wireName(), model, now);
    }

    /**
     * Locks the oldest unfinished fan-out no other replica is working on, for the caller's
     * transaction; empty when there is none.
     */
    public Optional<Fanout> lockNext() {
        return sql.one("""
                SELECT id, dedup_key, campaign_id, type, audience, model, cursor, recipients FROM fanout
                 WHERE done_at IS NULL ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED""",
                rs -> new Fanout(Sql.uuid(rs, "id"), rs.getString("dedup_key"), Sql.uuid(rs, "campaign_id"),
                        NotificationType.fromWireName(rs.getString("type")).orElseThrow(),
                        Audience.fromWireName(rs.getString("audience")), rs.getString("model"),
                        rs.getString("cursor"), rs.getInt("recipients")));
    }

    public void advance(UUID id, String cursor, int moreRecipients, Instant doneAt) {
        sql.update("UPDATE fanout SET cursor = ?, recipients = recipients + ?, done_at = ? WHERE id = ?",
                cursor, moreRecipients, doneAt, id);
    }

    public long openCount() {
        return sql.one("SELECT count(*) AS n FROM fanout WHERE done_at IS NULL", rs -> rs.getLong("n")).orElse(0L);
    }
}
