package org.crowdfund.notification.store;

import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.Audience;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.notification.domain.PledgeState;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The backer projection: one row per pledge, kept at its newest event (see {@link PledgeState}). */
@Singleton
public class BackingStore {
    private final Sql sql;

    public BackingStore(Sql sql) {
        this.sql = sql;
    }

    public record Backing(UUID pledgeId, UUID campaignId, String backerId, String tierId, String tierTitle,
                          String estimatedDelivery, long amountMinor, String currency, String campaignTitle,
                          PledgeState state, Instant eventAt, long aggregateVersion) {
    }

    /**
     * Applies one pledge event's view of the pledge. Returns false when the projection already
     * holds a newer event of that pledge (this one is stale and changes nothing): newer = a higher
     * aggregate version (the pledge's own sequence from pledge-service's outbox). When either side's
     * version is unknown (0: published before versions existed), newer = later event time, then the
     * later state of the pledge's machine ({@link PledgeState#rank()}).
     */
    public boolean apply(Backing b) {
        return sql.update("""
                INSERT INTO backing (pledge_id, campaign_id, backer_id, tier_id, tier_title, estimated_delivery,
                                     amount_minor, currency, campaign_title, state, event_at, event_rank, aggregate_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (pledge_id) DO UPDATE
                   SET tier_id = EXCLUDED.tier_id, tier_title = EXCLUDED.tier_title,
                       estimated_delivery = EXCLUDED.estimated_delivery, amount_minor = EXCLUDED.amount_minor,
                       currency = EXCLUDED.currency, campaign_title = EXCLUDED.campaign_title,
                       state = EXCLUDED.state, event_at = EXCLUDED.event_at, event_rank = EXCLUDED.event_rank,
                       aggregate_version = EXCLUDED.aggregate_version
                 WHERE CASE WHEN backing.aggregate_version > 0 AND EXCLUDED.aggregate_version > 0
                            THEN backing.aggregate_version < EXCLUDED.aggregate_version
                            ELSE (backing.event_at, backing.event_rank) < (EXCLUDED.event_at, EXCLUDED.event_rank) END""",
                b.pledgeId(), b.campaignId(), b.backerId(), b.tierId(), b.tierTitle(), b.estimatedDelivery(),
                b.amountMinor(), b.currency(), b.campaignTitle(), b.state().wireName(), b.eventAt(), b.state().rank(),
                b.aggregateVersion()) == 1;
    }

    /** A backer of a campaign as a fan-out sees them, with their contact and choices for the type. */
    public record Recipient(String backerId, long amountMinor, String currency, String tiers, String estimatedDelivery,
                            String campaignTitle, String email, String displayName, String locale,
                            Boolean emailChosen, Boolean inAppChosen) {
    }

    /**
     * The next backers of {@code campaignId} in {@code audience} after {@code afterBackerId}, in
     * backer id order (the fan-out's cursor), one row per backer with their pledges summed.
     */
    public List<Recipient> nextRecipients(UUID campaignId, Audience audience, NotificationType type,
                                          String afterBackerId, int limit) {
        Object states = SqlArrays.of(sql, "text", List.of(audience.stateNames()));
        return sql.query("""
                WITH next AS (
                    SELECT DISTINCT backer_id FROM backing
                     WHERE campaign_id = ? AND state = ANY(?) AND backer_id > ?
                     ORDER BY backer_id
                     LIMIT ?)
                SELECT b.backer_id, sum(b.amount_minor) AS amount_minor, min(b.currency) AS currency,
                       coalesce(string_agg(DISTINCT nullif(b.tier_title, ''), ', '), '') AS tiers,
                       coalesce(string_agg(DISTINCT nullif(b.estimated_delivery, ''), ', '), '') AS delivery,
                       max(b.campaign_title) AS campaign_title,
                       r.email, r.display_name, r.locale, p.email AS email_chosen, p.in_app AS in_app_chosen
                  FROM next
                  JOIN backing b ON b.campaign_id = ? AND b.backer_id = next.backer_id AND b.state = ANY(?)
                  LEFT JOIN recipient r ON r.recipient_id = b.backer_id
                  LEFT JOIN preference p ON p.recipient_id = b.backer_id AND p.type = ?
                 GROUP BY b.backer_id, r.email, r.display_name, r.locale, p.email, p.in_app
                 ORDER BY b.backer_id""",
                rs -> new Recipient(rs.getString("backer_id"), rs.getLong("amount_minor"), rs.getString("currency"),
                        rs.getString("tiers"), rs.getString("delivery"), rs.getString("campaign_title"),
                        orEmpty(rs.getString("email")), orEmpty(rs.getString("display_name")), orEmpty(rs.getString("locale")),
                        (Boolean) rs.getObject("email_chosen"), (Boolean) rs.getObject("in_app_chosen")),
                campaignId, states, afterBackerId, limit, campaignId, states, type.wireName());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
