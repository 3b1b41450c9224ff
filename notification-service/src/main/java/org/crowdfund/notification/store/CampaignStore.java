package org.crowdfund.notification.store;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The campaigns this service has heard launched: whom to tell about them, in which currency. */
@Singleton
public class CampaignStore {
    private final Sql sql;

    public CampaignStore(Sql sql) {
        this.sql = sql;
    }

    public record CampaignInfo(UUID campaignId, String creatorId, String title, String currency, Instant endAt) {
    }

    /** Launch facts do not change afterwards, so applying them again (in any order) is harmless. */
    public void remember(CampaignInfo c) {
        sql.update("""
                INSERT INTO campaign (campaign_id, creator_id, title, currency, end_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (campaign_id) DO UPDATE SET creator_id = EXCLUDED.creator_id, title = EXCLUDED.title,
                    currency = EXCLUDED.currency, end_at = EXCLUDED.end_at""",
                c.campaignId(), c.creatorId(), c.title(), c.currency(), c.endAt());
    }

    public Optional<CampaignInfo> find(UUID campaignId) {
        return sql.one("SELECT campaign_id, creator_id, title, currency, end_at FROM campaign WHERE campaign_id = ?",
                rs -> new CampaignInfo(Sql.uuid(rs, "campaign_id"), rs.getString("creator_id"), rs.getString("title"),
                        rs.getString("currency"), Sql.instant(rs, "end_at")), campaignId);
    }
}
