package org.crowdfund.campaign.app;

import jakarta.inject.Singleton;
import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.domain.CampaignStatus;
import org.crowdfund.campaign.domain.CreatorUpdate;
import org.crowdfund.campaign.domain.Dashboard;
import org.crowdfund.campaign.domain.Tier;
import org.crowdfund.campaign.store.CampaignStore;
import org.crowdfund.campaign.store.DashboardStore;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.InTransaction;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Reads: one campaign with its tiers, pages of campaigns and updates, the dashboard. */
@Singleton
public class CampaignQueries {
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private final CampaignStore store;
    private final DashboardStore dashboards;

    public CampaignQueries(CampaignStore store, DashboardStore dashboards) {
        this.store = store;
        this.dashboards = dashboards;
    }

    public record CampaignView(Campaign campaign, List<Tier> tiers, List<Integer> milestones) {
    }

    public record Page<T>(List<T> items, String nextPageToken) {
    }

    @InTransaction(readOnly = true)
    public CampaignView get(Principal principal, UUID campaignId) {
        Campaign campaign = visible(principal, campaignId);
        return new CampaignView(campaign, store.tiers(campaignId), store.milestones(campaignId));
    }

    @InTransaction(readOnly = true)
    public CampaignView getByTier(Principal principal, UUID tierId) {
        Tier tier = store.findTier(tierId).orElseThrow(() -> ServiceException.notFound("TIER_NOT_FOUND", "no tier " + tierId));
        return get(principal, tier.campaignId());
    }

    @InTransaction(readOnly = true)
    public Page<CampaignView> list(Principal principal, List<CampaignStatus> statuses, String creatorId, int pageSize,
                                   String pageToken) {
        int size = pageSize(pageSize);
        String filter = "campaigns|" + statuses + "|" + creatorId;
        UUID after = decodeToken(pageToken, filter);
        List<Campaign> rows = store.list(statuses, creatorId == null ? "" : creatorId, principal.subject(),
                principal.isAdmin(), after, size + 1);
        boolean more = rows.size() > size;
        List<Campaign> page = more ? rows.subList(0, size) : rows;
        List<CampaignView> views = page.stream()
                .map(c -> new CampaignView(c, store.tiers(c.id()), store.milestones(c.id()))).toList();
        return new Page<>(views, more ? encodeToken(page.get(page.size() - 1).id(), filter) : "");
    }

    @InTransaction(readOnly = true)
    public Page<CreatorUpdate> updates(Principal principal, UUID campaignId, int pageSize, String pageToken) {
        visible(principal, campaignId);
        int size = pageSize(pageSize);
        String filter = "updates|" + campaignId;
        List<CreatorUpdate> rows = store.updates(campaignId, decodeToken(pageToken, filter), size + 1);
        boolean more = rows.size() > size;
        List<CreatorUpdate> page = more ? rows.subList(0, size) : rows;
        return new Page<>(page, more ? encodeToken(page.get(page.size() - 1).id(), filter) : "");
    }

    public record DashboardView(Campaign campaign, List<Tier> tiers, Dashboard dashboard) {
    }

    @InTransaction(readOnly = true)
    public DashboardView dashboard(Principal principal, UUID campaignId) {
        Campaign campaign = visible(principal, campaignId);
        Access.requireOwner(principal, campaign);
        return new DashboardView(campaign, store.tiers(campaignId), dashboards.read(campaignId));
    }

    private Campaign visible(Principal principal, UUID campaignId) {
        return store.find(campaignId).filter(c -> Access.canSee(principal, c))
                .orElseThrow(() -> campaignNotFound(campaignId));
    }

    static ServiceException campaignNotFound(UUID campaignId) {
        return ServiceException.notFound("CAMPAIGN_NOT_FOUND", "no campaign " + campaignId);
    }

    private static int pageSize(int requested) {
        if (requested < 0 || requested > MAX_PAGE_SIZE) {
            throw ServiceException.invalid("page_size", "must be between 1 and " + MAX_PAGE_SIZE + " (0 = "
                    + DEFAULT_PAGE_SIZE + "), got " + requested);
        }
        return requested == 0 ? DEFAULT_PAGE_SIZE : requested;
    }

    /** Tokens carry the last id seen and the filters they were made for, so a token can't be reused across lists. */
    private static String encodeToken(UUID lastId, String filter) {
        String raw = lastId + "|" + Integer.toHexString(filter.hashCode());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static UUID decodeToken(String token, String filter) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar > 0 && raw.substring(bar + 1).equals(Integer.toHexString(filter.hashCode()))) {
                var id = Ids.parse(raw.substring(0, bar));
                if (id.isPresent()) {
                    return id.get();
                }
            }
        } catch (IllegalArgumentException malformed) {
            // reported below
        }
        throw ServiceException.invalid("page_token", "is not a token from a previous page of this same list and filters");
    }
}
