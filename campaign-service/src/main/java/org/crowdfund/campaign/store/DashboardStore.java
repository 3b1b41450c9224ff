package org.crowdfund.campaign.store;

import jakarta.inject.Singleton;
import org.crowdfund.campaign.domain.Dashboard;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The creator dashboard's read model: counters folded from pledge events, never from hot rows. */
@Singleton
public class DashboardStore {
    private final Sql sql;

    public DashboardStore(Sql sql) {
        this.sql = sql;
    }

    /** Adds (sign +1) or removes (sign -1) one pledge from every breakdown. */
    public void apply(UUID campaignId, String tierId, String country, LocalDate day, long amountMinor, int sign,
                      Instant eventTime) {
        long amount = sign * amountMinor;
        sql.update("""
                INSERT INTO dashboard_campaign (campaign_id, pledge_count, pledged_minor, as_of) VALUES (?, ?, ?, ?)
                ON CONFLICT (campaign_id) DO UPDATE SET pledge_count = dashboard_campaign.pledge_count + EXCLUDED.pledge_count,
                    pledged_minor = dashboard_campaign.pledged_minor + EXCLUDED.pledged_minor,
                    as_of = GREATEST(dashboard_campaign.as_of, EXCLUDED.as_of)""", campaignId, sign, amount, eventTime);
        sql.update("""
                INSERT INTO dashboard_tier (campaign_id, tier_id, pledge_count, amount_minor) VALUES (?, ?, ?, ?)
                ON CONFLICT (campaign_id, tier_id) DO UPDATE SET pledge_count = dashboard_tier.pledge_count + EXCLUDED.pledge_count,
                    amount_minor = dashboard_tier.amount_minor + EXCLUDED.amount_minor""", campaignId, tierId, sign, amount);
        sql.update("""
                INSERT INTO dashboard_country (campaign_id, country, pledge_count) VALUES (?, ?, ?)
                ON CONFLICT (campaign_id, country) DO UPDATE SET pledge_count = dashboard_country.pledge_count + EXCLUDED.pledge_count""",
                campaignId, country, sign);
        sql.update("""
                INSERT INTO dashboard_daily (campaign_id, day, pledge_count, amount_minor) VALUES (?, ?, ?, ?)
                ON CONFLICT (campaign_id, day) DO UPDATE SET pledge_count = dashboard_daily.pledge_count + EXCLUDED.pledge_count,
                    amount_minor = dashboard_daily.amount_minor + EXCLUDED.amount_minor""",
                campaignId, java.sql.Date.valueOf(day), sign, amount);
    }

    public Dashboard read(UUID campaignId) {
        var head = sql.one("SELECT pledge_count, pledged_minor, as_of FROM dashboard_campaign WHERE campaign_id = ?",
                rs -> new Object[]{rs.getInt("pledge_count"), rs.getLong("pledged_minor"), Sql.instant(rs, "as_of")},
                campaignId);
        var tiers = sql.query("""
                SELECT tier_id, pledge_count, amount_minor FROM dashboard_tier
                WHERE campaign_id = ? AND pledge_count > 0 ORDER BY amount_minor DESC, tier_id""",
                rs -> new Dashboard.TierLine(rs.getString("tier_id"), rs.getInt("pledge_count"), rs.getLong("amount_minor")),
                campaignId);
        var countries = sql.query("""
                SELECT country, pledge_count FROM dashboard_country
                WHERE campaign_id = ? AND pledge_count > 0 ORDER BY pledge_count DESC, country""",
                rs -> new Dashboard.CountryLine(rs.getString("country"), rs.getInt("pledge_count")), campaignId);
        var days = sql.query("""
                SELECT day, pledge_count, amount_minor FROM dashboard_daily WHERE campaign_id = ? ORDER BY day""",
                rs -> new Dashboard.DayLine(rs.getDate("day").toLocalDate(), rs.getInt("pledge_count"), rs.getLong("amount_minor")),
                campaignId);
        return head.map(h -> new Dashboard((Integer) h[0], (Long) h[1], (Instant) h[2], tiers, countries, days))
                .orElse(new Dashboard(0, 0, null, tiers, countries, days));
    }
}
