package org.crowdfund.campaign.store;

import jakarta.inject.Singleton;
import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.domain.CampaignStatus;
import org.crowdfund.campaign.domain.CreatorUpdate;
import org.crowdfund.campaign.domain.FundingModel;
import org.crowdfund.campaign.domain.Tier;
import org.crowdfund.platform.sql.Sql;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for campaigns, tiers, pledge records, milestones and creator updates. Callers own the transaction. */
@Singleton
public class CampaignStore {
    private static final String CAMPAIGN_COLUMNS = """
            id, creator_id, title, description, funding_model, currency, goal_minor, pledged_minor, backer_count,
            status, end_at, pledge_cutoff_hours, no_rewards, reservation_ttl_minutes, version, created_at, updated_at,
            launched_at, ended_at, settled_at, cancelled_at, cancel_reason""";
    private static final String TIER_COLUMNS = """
            id, campaign_id, title, description, min_pledge_minor, quantity_limit, quantity_claimed,
            estimated_delivery, position, revision, created_at, updated_at""";

    private final Sql sql;

    public CampaignStore(Sql sql) {
        this.sql = sql;
    }

    /** Inserts the campaign unless this creator already used the request id; returns the stored one. */
    public Campaign insertOrGet(Campaign c, String requestId) {
        sql.update("""
                INSERT INTO campaign (id, creator_id, create_request_id, title, description, funding_model, currency,
                    goal_minor, status, end_at, pledge_cutoff_hours, no_rewards, reservation_ttl_minutes,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (creator_id, create_request_id) DO NOTHING""",
                c.id(), c.creatorId(), requestId, c.title(), c.description(), c.fundingModel().dbValue(), c.currency(),
                c.goalMinor(), c.status().dbValue(), c.endAt(), c.pledgeCutoffHours(), c.noRewards(),
                c.reservationTtlMinutes(), c.createdAt(), c.updatedAt());
        return sql.one("SELECT " + CAMPAIGN_COLUMNS + " FROM campaign WHERE creator_id = ? AND create_request_id = ?",
                CampaignStore::campaign, c.creatorId(), requestId).orElseThrow();
    }

    public Optional<Campaign> find(UUID id) {
        return sql.one("SELECT " + CAMPAIGN_COLUMNS + " FROM campaign WHERE id = ?", CampaignStore::campaign, id);
    }

    /** Reads the campaign and locks its row until the transaction ends. */
    public Optional<Campaign> lock(UUID id) {
        return sql.one("SELECT " + CAMPAIGN_COLUMNS + " FROM campaign WHERE id = ? FOR UPDATE", CampaignStore::campaign, id);
    }

    /** Writes every mutable field and bumps the version; the row must be locked by the caller. */
    public Campaign save(Campaign c) {
        sql.update("""
                UPDATE campaign SET title = ?, description = ?, funding_model = ?, currency = ?, goal_minor = ?,
                    status = ?, end_at = ?, pledge_cutoff_hours = ?, no_rewards = ?, reservation_ttl_minutes = ?,
                    updated_at = ?, launched_at = ?, ended_at = ?, settled_at = ?, cancelled_at = ?, cancel_reason = ?,
                    version = version + 1
                WHERE id = ?""",
                c.title(), c.description(), c.fundingModel().dbValue(), c.currency(), c.goalMinor(),
                c.status().dbValue(), c.endAt(), c.pledgeCutoffHours(), c.noRewards(), c.reservationTtlMinutes(),
                c.updatedAt(), c.launchedAt(), c.endedAt(), c.settledAt(), c.cancelledAt(), c.cancelReason(), c.id());
        return find(c.id()).orElseThrow();
    }

    /**
     * One page of campaigns, newest first (ids are time-ordered), after the given id.
     * Drafts are only listed for {@code draftsOf} (their creator) or everyone's when {@code allDrafts}.
     */
    public List<Campaign> list(List<CampaignStatus> statuses, String creatorId, String draftsOf, boolean allDrafts,
                               UUID after, int limit) {
        String[] statusValues = statuses.stream().map(CampaignStatus::dbValue).toArray(String[]::new);
        return sql.query("SELECT " + CAMPAIGN_COLUMNS + """
                         FROM campaign
                        WHERE (cardinality(?::text[]) = 0 OR status = ANY(?::text[]))
                          AND (? = '' OR creator_id = ?)
                          AND (status <> 'draft' OR ? OR creator_id = ?)
                          AND (?::uuid IS NULL OR id < ?::uuid)
                        ORDER BY id DESC
                        LIMIT ?""", CampaignStore::campaign,
                statusValues, statusValues, creatorId, creatorId, allDrafts, draftsOf, after, after, limit);
    }

    /** Active campaigns whose deadline has passed, locked for this transaction; other replicas skip them. */
    public List<Campaign> lockDue(Instant now, int limit) {
        return sql.query("SELECT " + CAMPAIGN_COLUMNS + """
                         FROM campaign WHERE status = 'active' AND end_at <= ?
                        ORDER BY end_at LIMIT ? FOR UPDATE SKIP LOCKED""", CampaignStore::campaign, now, limit);
    }

    public List<Tier> tiers(UUID campaignId) {
        return sql.query("SELECT " + TIER_COLUMNS + " FROM tier WHERE campaign_id = ? ORDER BY position, id",
                CampaignStore::tier, campaignId);
    }

    public Optional<Tier> findTier(UUID tierId) {
        return sql.one("SELECT " + TIER_COLUMNS + " FROM tier WHERE id = ?", CampaignStore::tier, tierId);
    }

    public Optional<Tier> findTierByRequest(UUID campaignId, String requestId) {
        return sql.one("SELECT " + TIER_COLUMNS + " FROM tier WHERE campaign_id = ? AND request_id = ?",
                CampaignStore::tier, campaignId, requestId);
    }

    public Tier insertTier(Tier t, String requestId) {
        sql.update("""
                INSERT INTO tier (id, campaign_id, request_id, title, description, min_pledge_minor, quantity_limit,
                    estimated_delivery, position, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                t.id(), t.campaignId(), requestId, t.title(), t.description(), t.minPledgeMinor(), t.quantityLimit(),
                t.estimatedDelivery() == null ? null : Date.valueOf(t.estimatedDelivery()), t.position(),
                t.createdAt(), t.updatedAt());
        return findTier(t.id()).orElseThrow();
    }

    public Tier saveTier(Tier t) {
        sql.update("""
                UPDATE tier SET title = ?, description = ?, min_pledge_minor = ?, quantity_limit = ?,
                    estimated_delivery = ?, updated_at = ?, revision = revision + 1
                WHERE id = ?""",
                t.title(), t.description(), t.minPledgeMinor(), t.quantityLimit(),
                t.estimatedDelivery() == null ? null : Date.valueOf(t.estimatedDelivery()), t.updatedAt(), t.id());
        return findTier(t.id()).orElseThrow();
    }

    /**
     * Counts a recorded pledge of a tier. A display projection only, never a guard: slots are
     * reservation-service's (it converted this pledge's reservation before it got here), so the
     * count may pass the limit for a moment, e.g. before an earlier pledge's ReleasePledge.
     */
    public void countTierPledge(UUID tierId) {
        sql.update("UPDATE tier SET quantity_claimed = quantity_claimed + 1 WHERE id = ?", tierId);
    }

    public void uncountTierPledge(UUID tierId) {
        sql.update("UPDATE tier SET quantity_claimed = quantity_claimed - 1 WHERE id = ? AND quantity_claimed > 0", tierId);
    }

    public record PledgeRecord(UUID pledgeId, UUID campaignId, UUID tierId, String backerId, String backerCountry,
                               long amountMinor, Instant recordedAt, Instant releasedAt) {
    }

    /** Inserts the pledge record; false when this pledge id is already recorded. */
    public boolean insertPledgeRecord(PledgeRecord p) {
        return sql.update("""
                INSERT INTO campaign_pledge (pledge_id, campaign_id, tier_id, backer_id, backer_country, amount_minor, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pledge_id) DO NOTHING""",
                p.pledgeId(), p.campaignId(), p.tierId(), p.backerId(), p.backerCountry(), p.amountMinor(),
                p.recordedAt()) == 1;
    }

    public Optional<PledgeRecord> findPledgeRecord(UUID pledgeId) {
        return sql.one("""
                SELECT pledge_id, campaign_id, tier_id, backer_id, backer_country, amount_minor, recorded_at, released_at
                FROM campaign_pledge WHERE pledge_id = ?""", CampaignStore::pledgeRecord, pledgeId);
    }

    /** Marks the record released; false when it already was. */
    public boolean releasePledgeRecord(UUID pledgeId, Instant at) {
        return sql.update("UPDATE campaign_pledge SET released_at = ? WHERE pledge_id = ? AND released_at IS NULL",
                at, pledgeId) == 1;
    }

    public record Totals(long pledgedMinor, int backerCount) {
    }

    /**
     * The guarded atomic increment: counts the pledge only while the campaign is active and before
     * its deadline. Empty when the campaign no longer takes pledges.
     */
    public Optional<Totals> addToTotal(UUID campaignId, long amountMinor, Instant now) {
        return sql.one("""
                UPDATE campaign SET pledged_minor = pledged_minor + ?, backer_count = backer_count + 1,
                    version = version + 1, updated_at = ?
                WHERE id = ? AND status = 'active' AND end_at > ?
                RETURNING pledged_minor, backer_count""",
                rs -> new Totals(rs.getLong("pledged_minor"), rs.getInt("backer_count")), amountMinor, now, campaignId, now);
    }

    public Totals subtractFromTotal(UUID campaignId, long amountMinor, Instant now) {
        return sql.one("""
                UPDATE campaign SET pledged_minor = pledged_minor - ?, backer_count = backer_count - 1,
                    version = version + 1, updated_at = ?
                WHERE id = ?
                RETURNING pledged_minor, backer_count""",
                rs -> new Totals(rs.getLong("pledged_minor"), rs.getInt("backer_count")), amountMinor, now, campaignId)
                .orElseThrow();
    }

    /** Records a milestone; false when it was reached before (it never fires twice). */
    public boolean insertMilestone(UUID campaignId, int percent, long pledgedMinor, Instant at) {
        return sql.update("""
                INSERT INTO milestone (campaign_id, percent, pledged_minor, reached_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", campaignId, percent, pledgedMinor, at) == 1;
    }

    public List<Integer> milestones(UUID campaignId) {
        return sql.query("SELECT percent FROM milestone WHERE campaign_id = ? ORDER BY percent",
                rs -> rs.getInt("percent"), campaignId);
    }

    public CreatorUpdate insertUpdateOrGet(CreatorUpdate u, String requestId) {
        sql.update("""
                INSERT INTO creator_update (id, campaign_id, author_id, request_id, title, body, posted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, request_id) DO NOTHING""",
                u.id(), u.campaignId(), u.authorId(), requestId, u.title(), u.body(), u.postedAt());
        return sql.one("""
                SELECT id, campaign_id, author_id, title, body, posted_at FROM creator_update
                WHERE campaign_id = ? AND request_id = ?""", CampaignStore::update, u.campaignId(), requestId).orElseThrow();
    }

    public boolean updateExists(UUID id) {
        return sql.one("SELECT 1 AS one FROM creator_update WHERE id = ?", rs -> true, id).isPresent();
    }

    public List<CreatorUpdate> updates(UUID campaignId, UUID after, int limit) {
        return sql.query("""
                SELECT id, campaign_id, author_id, title, body, posted_at FROM creator_update
                WHERE campaign_id = ? AND (?::uuid IS NULL OR id < ?::uuid)
                ORDER BY id DESC LIMIT ?""", CampaignStore::update, campaignId, after, after, limit);
    }

    private static Campaign campaign(ResultSet rs) throws SQLException {
        return new Campaign(
                Sql.uuid(rs, "id"), rs.getString("creator_id"), rs.getString("title"), rs.getString("description"),
                FundingModel.fromDb(rs.getString("funding_model")), rs.getString("currency"),
                rs.getLong("goal_minor"), rs.getLong("pledged_minor"), rs.getInt("backer_count"),
                CampaignStatus.fromDb(rs.getString("status")), Sql.instant(rs, "end_at"),
                rs.getInt("pledge_cutoff_hours"), rs.getBoolean("no_rewards"), rs.getInt("reservation_ttl_minutes"),
                rs.getLong("version"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "launched_at"), Sql.instant(rs, "ended_at"), Sql.instant(rs, "settled_at"),
                Sql.instant(rs, "cancelled_at"), rs.getString("cancel_reason"));
    }

    private static Tier tier(ResultSet rs) throws SQLException {
        Date delivery = rs.getDate("estimated_delivery");
        return new Tier(Sql.uuid(rs, "id"), Sql.uuid(rs, "campaign_id"), rs.getString("title"),
                rs.getString("description"), rs.getLong("min_pledge_minor"), Sql.nullableInt(rs, "quantity_limit"),
                rs.getInt("quantity_claimed"), delivery == null ? null : delivery.toLocalDate(), rs.getInt("position"),
                rs.getLong("revision"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }

    private static PledgeRecord pledgeRecord(ResultSet rs) throws SQLException {
        return new PledgeRecord(Sql.uuid(rs, "pledge_id"), Sql.uuid(rs, "campaign_id"), Sql.uuid(rs, "tier_id"),
                rs.getString("backer_id"), rs.getString("backer_country"), rs.getLong("amount_minor"),
                Sql.instant(rs, "recorded_at"), Sql.instant(rs, "released_at"));
    }

    private static CreatorUpdate update(ResultSet rs) throws SQLException {
        return new CreatorUpdate(Sql.uuid(rs, "id"), Sql.uuid(rs, "campaign_id"), rs.getString("author_id"),
                rs.getString("title"), rs.getString("body"), Sql.instant(rs, "posted_at"));
    }
}
