package org.crowdfund.reservation.store;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.reservation.domain.AllocationStrategy;
import org.crowdfund.reservation.domain.ReleaseReason;
import org.crowdfund.reservation.domain.Reservation;
import org.crowdfund.reservation.domain.ReservationStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reservation rows. Status changes are conditional on the source state (see
 * {@link ReservationStatus#next()}), so two replicas racing on the same row cannot both win.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class ReservationStore {
    static final String COLUMNS = """
            id, tier_id, campaign_id, backer_id, quantity, status, strategy, queue_id, created_at, expires_at,
            extended_at, pledge_id, converted_at, ended_at, release_reason, waitlist_entry_id""";

    private final Sql sql;

    public ReservationStore(Sql sql) {
        this.sql = sql;
    }

    /** A reservation to insert; ttl null for a hard allocation. */
    public record NewHold(UUID id, String backerId, int quantity, Duration ttl) {
    }

    public Optional<Reservation> find(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM reservation WHERE id = ?", ReservationStore::map, id);
    }

    public Optional<Reservation> findByPledge(UUID pledgeId) {
        return sql.one("SELECT " + COLUMNS + " FROM reservation WHERE pledge_id = ?", ReservationStore::map, pledgeId);
    }

    public List<Reservation> activeFor(UUID tierId, Collection<String> backerIds) {
        return sql.query("SELECT " + COLUMNS + " FROM reservation WHERE tier_id = ? AND backer_id = ANY(?) AND status = 'active'",
                ReservationStore::map, tierId, SqlArrays.texts(sql, backerIds));
    }

    /**
     * Inserts a batch of active holds in one statement. A backer who meanwhile got an active
     * hold on this tier elsewhere (another replica) is skipped by the partial unique index
     * instead of failing the batch; the caller gives those slots back.
     */
    public List<Reservation> insertActive(UUID tierId, UUID campaignId, AllocationStrategy strategy, String queueId,
                                          List<NewHold> holds, UUID waitlistEntryId, Instant now) {
        List<UUID> ids = new ArrayList<>(holds.size());
        List<String> backers = new ArrayList<>(holds.size());
        List<Integer> quantities = new ArrayList<>(holds.size());
        List<Integer> ttls = new ArrayList<>(holds.size());
        for (NewHold hold : holds) {
            ids.add(hold.id());
            backers.add(hold.backerId());
            quantities.add(hold.quantity());
            ttls.add(hold.ttl() == null ? null : (int) hold.ttl().toSeconds());
        }
        return sql.query("""
                INSERT INTO reservation (id, tier_id, campaign_id, backer_id, quantity, status, strategy, queue_id,
                                         created_at, expires_at, waitlist_entry_id)
                SELECT t.id, ?, ?, t.backer_id, t.quantity, 'active', ?, ?, ?::timestamptz,
                       ?::timestamptz + make_interval(secs => t.ttl), ?
                FROM unnest(?::uuid[], ?::text[], ?::int[], ?::int[]) WITH ORDINALITY AS t(id, backer_id, quantity, ttl, n)
                ORDER BY t.n
                ON CONFLICT (tier_id, backer_id) WHERE status = 'active' DO NOTHING
                RETURNING\s""" + COLUMNS, ReservationStore::map,
                tierId, campaignId, strategy.dbValue(), queueId, now, now, waitlistEntryId,
                SqlArrays.uuids(sql, ids), SqlArrays.texts(sql, backers), SqlArrays.ints(sql, quantities),
                SqlArrays.ints(sql, ttls));
    }

    /** Locks a batch of lapsed holds that no other worker is processing (SKIP LOCKED). */
    public List<Reservation> lockLapsed(Instant now, int limit) {
        return sql.query("SELECT " + COLUMNS + """
                 FROM reservation WHERE status = 'active' AND expires_at <= ?
                ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED""", ReservationStore::map, now, limit);
    }

    /** Marks the given holds expired if they are still active and lapsed; returns those changed. */
    public List<Reservation> expire(Collection<UUID> ids, Instant now) {
        return sql.query("UPDATE reservation SET status = 'expired', ended_at = ? "
                + "WHERE id = ANY(?) AND status = 'active' AND expires_at <= ? RETURNING " + COLUMNS,
                ReservationStore::map, now, SqlArrays.uuids(sql, ids), now);
    }

    /** active -> converted, only while the hold has not lapsed. */
    public Optional<Reservation> convert(UUID id, UUID pledgeId, Instant now) {
        return sql.one("""
                UPDATE reservation SET status = 'converted', pledge_id = ?, converted_at = ?
                WHERE id = ? AND status = 'active' AND (expires_at IS NULL OR expires_at > ?)
                RETURNING\s""" + COLUMNS, ReservationStore::map, pledgeId, now, id, now);
    }

    /** Releases one reservation if it is still in {@code from} (active or converted). */
    public Optional<Reservation> release(UUID id, ReservationStatus from, ReleaseReason reason, Instant now) {
        if (!from.canMoveTo(ReservationStatus.RELEASED)) {
            throw new IllegalArgumentException(from + " cannot be released");
        }
        return sql.one("""
                UPDATE reservation SET status = 'released', ended_at = ?, release_reason = ?
                WHERE id = ? AND status = ? RETURNING\s""" + COLUMNS, ReservationStore::map,
                now, reason.dbValue(), id, from.dbValue());
    }

    /** Releases every active hold of a backer in a campaign. */
    public List<Reservation> releaseActive(String backerId, UUID campaignId, ReleaseReason reason, Instant now) {
        return sql.query("""
                UPDATE reservation SET status = 'released', ended_at = ?, release_reason = ?
                WHERE backer_id = ? AND campaign_id = ? AND status = 'active' RETURNING\s""" + COLUMNS,
                ReservationStore::map, now, reason.dbValue(), backerId, campaignId);
    }

    /** Releases every active hold of a campaign (cancelled or ended). */
    public List<Reservation> releaseCampaign(UUID campaignId, ReleaseReason reason, Instant now) {
        return sql.query("""
                UPDATE reservation SET status = 'released', ended_at = ?, release_reason = ?
                WHERE campaign_id = ? AND status = 'active' RETURNING\s""" + COLUMNS,
                ReservationStore::map, now, reason.dbValue(), campaignId);
    }

    /** Uses the one extension of an active, unlapsed, timed hold: its expiry becomes {@code newExpiresAt}. */
    public Optional<Reservation> extend(UUID id, Instant newExpiresAt, Instant now) {
        return sql.one("""
                UPDATE reservation SET expires_at = ?, extended_at = ?, expiring_notified = false
                WHERE id = ? AND status = 'active' AND extended_at IS NULL AND expires_at > ?
                RETURNING\s""" + COLUMNS, ReservationStore::map, newExpiresAt, now, id, now);
    }

    /**
     * Claims holds that lapse within {@code notice} and have not been announced, skipping holds
     * so short that the notice would arrive with the reservation itself.
     */
    public List<Reservation> claimExpiringNotices(Instant now, Duration notice, int limit) {
        return sql.query("""
                UPDATE reservation SET expiring_notified = true
                WHERE id IN (SELECT id FROM reservation
                             WHERE status = 'active' AND NOT expiring_notified AND expires_at > ?
                               AND expires_at <= ?::timestamptz + make_interval(secs => ?)
                               AND expires_at - created_at > make_interval(secs => ?)
                             ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING\s""" + COLUMNS, ReservationStore::map,
                now, now, (double) notice.toSeconds(), (double) notice.multipliedBy(2).toSeconds(), limit);
    }

    /** A backer's reservations, newest first, in keyset pages (ids are time-ordered). */
    public List<Reservation> list(String backerId, UUID campaignId, UUID tierId, boolean activeOnly, UUID before,
                                  int limit) {
        StringBuilder where = new StringBuilder("backer_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(backerId);
        if (campaignId != null) {
            where.append(" AND campaign_id = ?");
            params.add(campaignId);
        }
        if (tierId != null) {
            where.append(" AND tier_id = ?");
            params.add(tierId);
        }
        if (activeOnly) {
            where.append(" AND status = 'active'");
        }
        if (before != null) {
            where.append(" AND id < ?");
            params.add(before);
        }
        params.add(limit);
        return sql.query("SELECT " + COLUMNS + " FROM reservation WHERE " + where + " ORDER BY id DESC LIMIT ?",
                ReservationStore::map, params.toArray());
    }

    static Reservation map(ResultSet rs) throws SQLException {
        return new Reservation(Sql.uuid(rs, "id"), Sql.uuid(rs, "tier_id"), Sql.uuid(rs, "campaign_id"),
                rs.getString("backer_id"), rs.getInt("quantity"), ReservationStatus.fromDb(rs.getString("status")),
                AllocationStrategy.fromDb(rs.getString("strategy")), rs.getString("queue_id"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"), Sql.instant(rs, "extended_at"),
                Sql.uuid(rs, "pledge_id"), Sql.instant(rs, "converted_at"), Sql.instant(rs, "ended_at"),
                ReleaseReason.fromDb(rs.getString("release_reason")), Sql.uuid(rs, "waitlist_entry_id"));
    }
}
