package org.crowdfund.campaign.app;

import jakarta.inject.Singleton;
import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.domain.CampaignRules;
import org.crowdfund.campaign.domain.CampaignStatus;
import org.crowdfund.campaign.domain.CreatorUpdate;
import org.crowdfund.campaign.events.CampaignEvents;
import org.crowdfund.campaign.store.CampaignStore;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.InTransaction;

import java.time.Clock;
import java.util.UUID;

/** Creators post updates to their backers once the campaign is launched. */
@Singleton
public class CreatorUpdates {
    private final CampaignStore store;
    private final CampaignEvents events;
    private final Clock clock;

    public CreatorUpdates(CampaignStore store, CampaignEvents events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    @InTransaction
    public CreatorUpdate post(Principal principal, UUID campaignId, String requestId, String title, String body) {
        Campaign campaign = store.lock(campaignId).filter(c -> Access.canSee(principal, c))
                .orElseThrow(() -> CampaignQueries.campaignNotFound(campaignId));
        Access.requireOwner(principal, campaign);
        Violations v = new Violations();
        CampaignValidation.requestId(v, requestId);
        CampaignValidation.text(v, "title", title, CampaignRules.UPDATE_TITLE_MAX, true);
        CampaignValidation.text(v, "body", body, CampaignRules.UPDATE_BODY_MAX, true);
        v.throwIfAny();
        if (campaign.status() == CampaignStatus.DRAFT) {
            throw ServiceException.failedPrecondition("CAMPAIGN_NOT_LAUNCHED",
                    "campaign " + campaignId + " is a draft; updates go to backers, so launch it first");
        }
        CreatorUpdate candidate = new CreatorUpdate(Ids.newId(), campaignId, principal.subject(), title, body, clock.instant());
        String key = requestId == null || requestId.isBlank() ? candidate.id().toString() : requestId;
        CreatorUpdate stored = store.insertUpdateOrGet(candidate, key);
        if (stored.id().equals(candidate.id())) {
            events.updatePosted(campaign, stored);
        }
        return stored;
    }
}
