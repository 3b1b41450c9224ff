package org.crowdfund.reservation.store;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.reservation.domain.WaitlistEntry;
import org.crowdfund.reservation.domain.WaitlistStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Waitlist entries; the place in line is the time-ordered id. */
@Singleton
@Requires(property = "datasources.default.url")
public class WaitlistStore {
    private static final String COLUMNS = """
            id, tier_id, campaign_id, backer_id, quantity, queue_id, status, joined_at, offered_at, reservation_id, ended_at""";

    private final Sql sql;

    public WaitlistStore(Sql sql) {
        this.sql = sql;
    }

    /** Joins the line unless the backer already has an open entry for the tier (then empty). */
    public Optional<WaitlistEntry> insert(UUID id, UUID tierId, UUID campaignId, String backerId, int quantity,
                                          String queueId, Instant now) {
        return sql.one("""
                INSERT INTO waitlist_entry (id, tier_id, campaign_id, backer_id, quantity, queue_id, status, joined_at)
                VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?)
                ON CONFLICT (tier_id, backer_id) WHERE status IN ('waiting', 'offered') DO NOTHING
                RETURNING\s""" + COLUMNS, WaitlistStore::map, id, tierId, campaignId, backerId, quantity, queueId, now);
    }

    public Optional<WaitlistEntry> find(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM waitlist_entry WHERE id = ?", WaitlistStore::map, id);
    }

    public Optional<WaitlistEntry> openFor(UUID tierId, String backerId) {
        return sql.one("SELECT " + COLUMNS + " FROM waitlist_entry WHERE tier_id = ? AND backer_id = ? "
                + "AND status IN ('waiting', 'offered')", WaitlistStore::map, tierId, backerId);
    }

    /** The first backer in line for a tier (and queue pool), locked; entries others hold are skipped. */
    public Optional<WaitlistEntry> lockHead(UUID tierId, String queueId) {
        return sql.one("SELECT " + COLUMNS + """
                 FROM waitlist_entry WHERE tier_id = ? AND status = 'waiting' AND queue_id IS NOT DISTINCT FROM ?
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""", WaitlistStore::map, tierId, queueId);
    }

    public void markOffered(UUID id, UUID reservationId, Instant now) {
        sql.update("UPDATE waitlist_entry SET status = 'offered', offered_at = ?, reservation_id = ? "
                + "WHERE id = ? AND status = 'waiting'", now, reservationId, id);
    }

    /** Moves an entry from {@code from} to {@code to} if it is still there; returns the changed entry. */
    public Optional<WaitlistEntry> move(UUID id, WaitlistStatus from, WaitlistStatus to, Instant now) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException(from + " -> " + to + " is not a waitlist transition");
        }
        return sql.one("UPDATE waitlist_entry SET status = ?, ended_at = ? WHERE id = ? AND status = ? RETURNING "
                + COLUMNS, WaitlistStore::map, to.dbValue(), now, id, from.dbValue());
    }

    /** Closes the open entries of the given tiers (campaign cancelled or ended, tier made unlimited). */
    public int closeOpen(Collection<UUID> tierIds, Instant now) {
        return sql.update("UPDATE waitlist_entry SET status = 'closed', ended_at = ? "
                + "WHERE tier_id = ANY(?) AND status IN ('waiting', 'offered')", now, SqlArrays.uuids(sql, tierIds));
    }

    /** 1-based place in line of a waiting entry. */
    public int position(WaitlistEntry entry) {
        return sql.one("""
                SELECT count(*) AS ahead FROM waitlist_entry
                WHERE tier_id = ? AND status = 'waiting' AND queue_id IS NOT DISTINCT FROM ? AND id < ?""",
                rs -> rs.getInt("ahead"), entry.tierId(), entry.queueId(), entry.id()).orElse(0) + 1;
    }

    public Map<UUID, Integer> waitingCounts(Collection<UUID> tierIds) {
        Map<UUID, Integer> counts = new HashMap<>();
        sql.query("SELECT tier_id, count(*) AS n FROM waitlist_entry WHERE tier_id = ANY(?) AND status = 'waiting' "
                        + "GROUP BY tier_id", rs -> counts.put(Sql.uuid(rs, "tier_id"), rs.getInt("n")),
                SqlArrays.uuids(sql, tierIds));
        return counts;
    }

    /** Tiers (and queues) where someone waits while a slot is free: the sweep offers them. */
    public List<Line> linesWithFreeSlots(int limit) {
        return sql.query("""
                SELECT DISTINCT w.tier_id, w.queue_id FROM waitlist_entry w
                JOIN inventory i ON i.tier_id = w.tier_id
                LEFT JOIN inventory_pool p ON p.tier_id = w.tier_id AND p.queue_id = w.queue_id
                WHERE w.status = 'waiting' AND i.closed_at IS NULL AND i.total - i.reserved - i.sold > 0
                  AND (w.queue_id IS NULL OR p.size - p.reserved - p.sold > 0)
                LIMIT ?""", rs -> new Line(Sql.uuid(rs, "tier_id"), rs.getString("queue_id")), limit);
    }

    public record Line(UUID tierId, String queueId) {
    }

    static WaitlistEntry map(ResultSet rs) throws SQLException {
        return new WaitlistEntry(Sql.uuid(rs, "id"), Sql.uuid(rs, "tier_id"), Sql.uuid(rs, "campaign_id"),
                rs.getString("backer_id"), rs.getInt("quantity"), rs.getString("queue_id"),
                WaitlistStatus.fromDb(rs.getString("status")), Sql.instant(rs, "joined_at"),
                Sql.instant(rs, "offered_at"), Sql.uuid(rs, "reservation_id"), Sql.instant(rs, "ended_at"));
    }
}
