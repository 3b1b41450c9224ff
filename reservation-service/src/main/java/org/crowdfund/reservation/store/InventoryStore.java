package org.crowdfund.reservation.store;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.reservation.domain.AllocationStrategy;
import org.crowdfund.reservation.domain.Inventory;
import org.crowdfund.reservation.domain.Pool;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Slot counters. Every change of {@code reserved}/{@code sold} is a single conditional or
 * relative UPDATE here, never a value computed from an earlier read. Lock order everywhere:
 * reservation rows, then the inventory row, then its pool rows; transactions touching several
 * tiers take them in tier id order.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class InventoryStore {
    private static final String COLUMNS = """
            tier_id, campaign_id, total, requested_total, reserved, sold, strategy, ttl_seconds, revision, closed_at""";

    private final Sql sql;

    public InventoryStore(Sql sql) {
        this.sql = sql;
    }

    public Optional<Inventory> find(UUID tierId) {
        return sql.one("SELECT " + COLUMNS + " FROM inventory WHERE tier_id = ?", InventoryStore::map, tierId);
    }

    /** Reads the row under a row lock, for changes that must see the latest counters. */
    public Optional<Inventory> lock(UUID tierId) {
        return sql.one("SELECT " + COLUMNS + " FROM inventory WHERE tier_id = ? FOR UPDATE", InventoryStore::map, tierId);
    }

    public List<Inventory> findAll(Collection<UUID> tierIds) {
        return sql.query("SELECT " + COLUMNS + " FROM inventory WHERE tier_id = ANY(?)", InventoryStore::map,
                SqlArrays.uuids(sql, tierIds));
    }

    public List<Inventory> byCampaign(UUID campaignId) {
        return sql.query("SELECT " + COLUMNS + " FROM inventory WHERE campaign_id = ? ORDER BY tier_id",
                InventoryStore::map, campaignId);
    }

    /** A page of tier ids in key order, for jobs that walk every tier. */
    public List<UUID> tierIdsAfter(UUID after, int limit) {
        return sql.query("SELECT tier_id FROM inventory WHERE tier_id > ? ORDER BY tier_id LIMIT ?",
                rs -> Sql.uuid(rs, "tier_id"), after, limit);
    }

    /**
     * Creates or resizes a tier's inventory from a RewardTierChanged, unless a newer revision has
     * been applied. The limit can grow at any time and shrink only down to reserved + sold: a
     * lower limit is clamped there (requested_total keeps what was asked for). A tier of a
     * campaign that has closed is created closed, and an update never reopens one.
     */
    public Optional<TierChange> applyTierChange(UUID tierId, UUID campaignId, Integer limit, long revision,
                                                Duration ttl, Instant now) {
        return sql.one("""
                INSERT INTO inventory AS i (tier_id, campaign_id, total, requested_total, strategy, ttl_seconds,
                                            revision, created_at, updated_at, closed_at, closed_reason)
                SELECT ?::uuid, c.id, ?::int, ?::int, 'soft', ?::int, ?::bigint, ?::timestamptz, ?::timestamptz,
                       cc.closed_at, cc.reason
                FROM (SELECT ?::uuid AS id) c LEFT JOIN closed_campaign cc ON cc.campaign_id = c.id
                ON CONFLICT (tier_id) DO UPDATE SET
                    total = CASE WHEN EXCLUDED.requested_total IS NULL THEN NULL
                                 ELSE GREATEST(EXCLUDED.requested_total, i.reserved + i.sold) END,
                    requested_total = EXCLUDED.requested_total,
                    ttl_seconds = EXCLUDED.ttl_seconds,
                    revision = EXCLUDED.revision,
                    updated_at = EXCLUDED.updated_at
                WHERE i.revision < EXCLUDED.revision
                RETURNING total, requested_total, reserved, sold""",
                rs -> new TierChange(Sql.nullableInt(rs, "total"), Sql.nullableInt(rs, "requested_total"),
                        rs.getInt("reserved"), rs.getInt("sold")),
                tierId, limit, limit, (int) ttl.toSeconds(), revision, now, now, campaignId);
    }

    /** Outcome of a tier change that was applied (not ignored as stale). */
    public record TierChange(Integer total, Integer requestedTotal, int reserved, int sold) {
        public boolean clamped() {
            return total != null && requestedTotal != null && total > requestedTotal;
        }
    }

    /**
     * Takes {@code quantity} slots if that many are free and the campaign is open: the one
     * conditional statement {@code reserved + q} guarded by {@code total - reserved - sold >= q}
     * and {@code closed_at IS NULL}. The closure is checked by the statement itself, not by an
     * earlier read: a CampaignEnded/CampaignCancelled closing the tier concurrently either commits
     * first (then this update, re-checking the locked row, finds it closed) or waits for this
     * transaction and then releases the hold it made. Returns the slots still free afterwards,
     * or -1 when the guard refused.
     */
    public int hold(UUID tierId, int quantity, Instant now) {
        return sql.one("""
                UPDATE inventory SET reserved = reserved + ?, updated_at = ?
                WHERE tier_id = ? AND closed_at IS NULL AND total - reserved - sold >= ?
                RETURNING total - reserved - sold AS free""", rs -> rs.getInt("free"),
                quantity, now, tierId, quantity).orElse(-1);
    }

    /** Whether the tier's campaign has closed, as committed now (to tell a closed tier from a full one). */
    public boolean isClosed(UUID tierId) {
        return sql.one("SELECT closed_at IS NOT NULL AS closed FROM inventory WHERE tier_id = ?",
                rs -> rs.getBoolean("closed"), tierId).orElse(false);
    }

    /** The same guard on a queue's pool. Returns the pool's free slots afterwards, or -1. */
    public int holdInPool(UUID tierId, String queueId, int quantity) {
        return sql.one("""
                UPDATE inventory_pool SET reserved = reserved + ?
                WHERE tier_id = ? AND queue_id = ? AND size - reserved - sold >= ?
                RETURNING size - reserved - sold AS free""", rs -> rs.getInt("free"),
                quantity, tierId, queueId, quantity).orElse(-1);
    }

    /** Result of {@link #take}: the slots are held, or which guard refused them. */
    public enum Take { TAKEN, POOL_FULL, TIER_FULL, CLOSED }

    /**
     * Holds {@code quantity} slots of the tier and, for a queue-pool tier, of the queue's pool,
     * each with its one conditional update; if the pool refuses after the tier agreed, the
     * tier's share is given back in the same transaction.
     */
    public Take take(UUID tierId, String queueId, int quantity, Instant now) {
        if (hold(tierId, quantity, now) < 0) {
            return isClosed(tierId) ? Take.CLOSED : Take.TIER_FULL;
        }
        if (queueId != null && holdInPool(tierId, queueId, quantity) < 0) {
            sql.update("UPDATE inventory SET reserved = reserved - ? WHERE tier_id = ?", quantity, tierId);
            return Take.POOL_FULL;
        }
        return Take.TAKEN;
    }

    /**
     * Gives held slots back (release, expiry, or a grant that found no use). A total that was
     * clamped above the requested limit follows held + sold down towards it, so slots the
     * creator took away are not handed out again once they free up.
     */
    public void unhold(UUID tierId, String queueId, int quantity, Instant now) {
        sql.update("""
                UPDATE inventory SET reserved = reserved - ?, updated_at = ?,
                       total = CASE WHEN total > requested_total THEN GREATEST(requested_total, reserved - ? + sold)
                                    ELSE total END
                WHERE tier_id = ?""", quantity, now, quantity, tierId);
        if (queueId != null) {
            sql.update("UPDATE inventory_pool SET reserved = reserved - ? WHERE tier_id = ? AND queue_id = ?",
                    quantity, tierId, queueId);
        }
    }

    /**
     * Moves held slots to sold (conversion into a pledge), only while the campaign is open: the
     * same closure guard as {@link #hold}, in the statement. False (nothing changed) when closed.
     */
    public boolean sell(UUID tierId, String queueId, int quantity, Instant now) {
        if (sql.update("""
                UPDATE inventory SET reserved = reserved - ?, sold = sold + ?, updated_at = ?
                WHERE tier_id = ? AND closed_at IS NULL""", quantity, quantity, now, tierId) == 0) {
            return false;
        }
        if (queueId != null) {
            sql.update("UPDATE inventory_pool SET reserved = reserved - ?, sold = sold + ? WHERE tier_id = ? AND queue_id = ?",
                    quantity, quantity, tierId, queueId);
        }
        return true;
    }

    /** Returns sold slots (the pledge was cancelled, dropped or failed). */
    public void unsell(UUID tierId, String queueId, int quantity, Instant now) {
        sql.update("""
                UPDATE inventory SET sold = sold - ?, updated_at = ?,
                       total = CASE WHEN total > requested_total THEN GREATEST(requested_total, reserved + sold - ?)
                                    ELSE total END
                WHERE tier_id = ?""", quantity, now, quantity, tierId);
        if (queueId != null) {
            sql.update("UPDATE inventory_pool SET sold = sold - ? WHERE tier_id = ? AND queue_id = ?",
                    quantity, tierId, queueId);
        }
    }

    /** Closes every tier of a campaign to new holds; returns the tiers closed now. */
    public List<UUID> closeCampaign(UUID campaignId, String reason, Instant now) {
        sql.update("INSERT INTO closed_campaign (campaign_id, reason, closed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                campaignId, reason, now);
        return sql.query("""
                UPDATE inventory SET closed_at = ?, closed_reason = ?, updated_at = ?
                WHERE campaign_id = ? AND closed_at IS NULL RETURNING tier_id""",
                rs -> Sql.uuid(rs, "tier_id"), now, reason, now, campaignId);
    }

    public void setStrategy(UUID tierId, AllocationStrategy strategy, Instant now) {
        sql.update("UPDATE inventory SET strategy = ?, updated_at = ? WHERE tier_id = ?", strategy.dbValue(), now, tierId);
    }

    /**
     * Replaces a tier's pools. Each pool starts with the slots already sold from its queue, so
     * releasing those later never drives a pool negative.
     */
    public void replacePools(UUID tierId, List<Pool> pools) {
        sql.update("DELETE FROM inventory_pool WHERE tier_id = ?", tierId);
        for (Pool pool : pools) {
            sql.update("""
                    INSERT INTO inventory_pool (tier_id, queue_id, size, reserved, sold)
                    VALUES (?, ?, ?, 0, (SELECT COALESCE(SUM(quantity), 0) FROM reservation
                                         WHERE tier_id = ? AND queue_id = ? AND status = 'converted'))""",
                    tierId, pool.queueId(), pool.size(), tierId, pool.queueId());
        }
    }

    public List<Pool> pools(UUID tierId) {
        return sql.query("SELECT tier_id, queue_id, size, reserved, sold FROM inventory_pool WHERE tier_id = ? ORDER BY queue_id",
                InventoryStore::mapPool, tierId);
    }

    public Optional<Pool> pool(UUID tierId, String queueId) {
        return sql.one("SELECT tier_id, queue_id, size, reserved, sold FROM inventory_pool WHERE tier_id = ? AND queue_id = ?",
                InventoryStore::mapPool, tierId, queueId);
    }

    /** Sold slots per queue among a tier's converted reservations. */
    public int soldFromQueue(UUID tierId, String queueId) {
        return sql.one("""
                SELECT COALESCE(SUM(quantity), 0) AS n FROM reservation
                WHERE tier_id = ? AND queue_id = ? AND status = 'converted'""", rs -> rs.getInt("n"),
                tierId, queueId).orElse(0);
    }

    /** Counters recomputed from the reservation rows (call with the inventory row locked). */
    public Counts countFromRows(UUID tierId) {
        return sql.one("""
                SELECT COALESCE(SUM(quantity) FILTER (WHERE status = 'active'), 0) AS reserved,
                       COALESCE(SUM(quantity) FILTER (WHERE status = 'converted'), 0) AS sold
                FROM reservation WHERE tier_id = ? AND status IN ('active', 'converted')""",
                rs -> new Counts(rs.getInt("reserved"), rs.getInt("sold")), tierId).orElse(new Counts(0, 0));
    }

    public Counts countPoolFromRows(UUID tierId, String queueId) {
        return sql.one("""
                SELECT COALESCE(SUM(quantity) FILTER (WHERE status = 'active'), 0) AS reserved,
                       COALESCE(SUM(quantity) FILTER (WHERE status = 'converted'), 0) AS sold
                FROM reservation WHERE tier_id = ? AND queue_id = ? AND status IN ('active', 'converted')""",
                rs -> new Counts(rs.getInt("reserved"), rs.getInt("sold")), tierId, queueId).orElse(new Counts(0, 0));
    }

    public record Counts(int reserved, int sold) {
    }

    /**
     * Overwrites the counters with recomputed ones (reconciliation). If the rows hold more than
     * the total, the total is raised to match so the CHECK holds; the caller reports it as oversold.
     */
    public void repair(UUID tierId, Counts counts, Instant now) {
        sql.update("""
                UPDATE inventory SET reserved = ?, sold = ?,
                       total = CASE WHEN total IS NULL THEN NULL ELSE GREATEST(total, ? + ?) END, updated_at = ?
                WHERE tier_id = ?""", counts.reserved(), counts.sold(), counts.reserved(), counts.sold(), now, tierId);
    }

    public void repairPool(UUID tierId, String queueId, Counts counts) {
        sql.update("""
                UPDATE inventory_pool SET reserved = ?, sold = ?, size = GREATEST(size, ? + ?)
                WHERE tier_id = ? AND queue_id = ?""", counts.reserved(), counts.sold(), counts.reserved(),
                counts.sold(), tierId, queueId);
    }

    /** Tiers with held slots, for the holds-per-tier gauge. */
    public List<HeldSlots> heldSlots(int limit) {
        return sql.query("""
                SELECT tier_id, campaign_id, reserved FROM inventory WHERE reserved > 0
                ORDER BY reserved DESC LIMIT ?""",
                rs -> new HeldSlots(Sql.uuid(rs, "tier_id"), Sql.uuid(rs, "campaign_id"), rs.getInt("reserved")), limit);
    }

    public record HeldSlots(UUID tierId, UUID campaignId, int reserved) {
    }

    static Inventory map(ResultSet rs) throws SQLException {
        return new Inventory(Sql.uuid(rs, "tier_id"), Sql.uuid(rs, "campaign_id"), Sql.nullableInt(rs, "total"),
                Sql.nullableInt(rs, "requested_total"), rs.getInt("reserved"), rs.getInt("sold"),
                AllocationStrategy.fromDb(rs.getString("strategy")), Duration.ofSeconds(rs.getInt("ttl_seconds")),
                rs.getLong("revision"), Sql.instant(rs, "closed_at"));
    }

    static Pool mapPool(ResultSet rs) throws SQLException {
        return new Pool(Sql.uuid(rs, "tier_id"), rs.getString("queue_id"), rs.getInt("size"), rs.getInt("reserved"),
                rs.getInt("sold"));
    }
}
