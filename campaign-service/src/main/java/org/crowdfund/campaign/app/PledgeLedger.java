package org.crowdfund.campaign.app;

import jakarta.inject.Singleton;
import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.domain.CampaignRules;
import org.crowdfund.campaign.domain.Milestones;
import org.crowdfund.campaign.domain.Tier;
import org.crowdfund.campaign.events.CampaignEvents;
import org.crowdfund.campaign.store.CampaignStore;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.sql.InTransaction;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The campaign's running total: RecordPledge is the guarded atomic increment (counts only while
 * the campaign is active and before its deadline), idempotent per pledge id, and fires each
 * milestone at most once; ReleasePledge is its idempotent inverse. A tier's pledge count is kept
 * for display only: reservation-service alone decides whether a slot is free, so a pledge whose
 * reservation was converted is never refused here for its tier's limit.
 */
@Singleton
public class PledgeLedger {
    private final CampaignStore store;
    private final CampaignEvents events;
    private final Clock clock;

    public PledgeLedger(CampaignStore store, CampaignEvents events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    public record Recorded(long pledgedMinor, int backerCount, List<Integer> milestonesCrossed, boolean alreadyRecorded) {
    }

    public record Released(long pledgedMinor, boolean alreadyReleased) {
    }

    public record PledgeToRecord(UUID campaignId, UUID pledgeId, UUID tierId, long amountMinor, String currency,
                                 String backerId, String backerCountry) {
    }

    @InTransaction
    public Recorded record(Principal principal, PledgeToRecord p) {
        Access.requireService(principal);
        Violations v = new Violations();
        if (p.amountMinor() <= 0 || p.amountMinor() > CampaignRules.MAX_PLEDGE_MINOR) {
            v.add("amount_minor", "must be between 1 and " + CampaignRules.MAX_PLEDGE_MINOR + " minor units, got " + p.amountMinor());
        }
        v.check(p.backerId() != null && !p.backerId().isBlank(), "backer_id", "is required");
        v.check(p.backerCountry() == null || p.backerCountry().isEmpty() || p.backerCountry().matches("[A-Z]{2}"),
                "backer_country", "must be an ISO-3166 alpha-2 code like DE, or empty");
        v.throwIfAny();

        var existing = store.findPledgeRecord(p.pledgeId());
        if (existing.isPresent()) {
            return alreadyRecorded(existing.get(), p);
        }
        Campaign campaign = store.find(p.campaignId())
                .orElseThrow(() -> CampaignQueries.campaignNotFound(p.campaignId()));
        if (!campaign.currency().equals(p.currency())) {
            throw ServiceException.invalid("currency", "must be the campaign's currency " + campaign.currency()
                    + ", got '" + p.currency() + "'");
        }
        if (p.tierId() != null) {
            Tier tier = store.findTier(p.tierId()).filter(t -> t.campaignId().equals(campaign.id()))
                    .orElseThrow(() -> ServiceException.notFound("TIER_NOT_FOUND",
                            "campaign " + campaign.id() + " has no tier " + p.tierId()));
            if (p.amountMinor() < tier.minPledgeMinor()) {
                throw ServiceException.invalid("amount_minor", "tier '" + tier.title() + "' needs at least "
                        + Money.format(tier.minPledgeMinor(), campaign.currency()) + ", got "
                        + Money.format(p.amountMinor(), campaign.currency()));
            }
        }
        Instant now = clock.instant();
        CampaignStore.PledgeRecord record = new CampaignStore.PledgeRecord(p.pledgeId(), campaign.id(), p.tierId(),
                p.backerId(), p.backerCountry() == null ? "" : p.backerCountry(), p.amountMinor(), now, null);
        if (!store.insertPledgeRecord(record)) {
            // the same pledge id was recorded concurrently and committed first
            return alreadyRecorded(store.findPledgeRecord(p.pledgeId()).orElseThrow(), p);
        }
        CampaignStore.Totals totals = store.addToTotal(campaign.id(), p.amountMinor(), now)
                .orElseThrow(() -> notAcceptingPledges(campaign, now));
        if (p.tierId() != null) {
            store.countTierPledge(p.tierId());
        }
        List<Integer> crossed = new ArrayList<>();
        for (int percent : Milestones.reached(totals.pledgedMinor(), campaign.goalMinor())) {
            if (store.insertMilestone(campaign.id(), percent, totals.pledgedMinor(), now)) {
                crossed.add(percent);
                events.milestoneReached(campaign, percent, totals.pledgedMinor(), now);
            }
        }
        events.pledgeRecorded(record, campaign.currency(), totals);
        return new Recorded(totals.pledgedMinor(), totals.backerCount(), crossed, false);
    }

    @InTransaction
    public Released release(Principal principal, UUID campaignId, UUID pledgeId) {
        Access.requireService(principal);
        CampaignStore.PledgeRecord record = store.findPledgeRecord(pledgeId)
                .orElseThrow(() -> ServiceException.notFound("PLEDGE_NOT_RECORDED", "pledge " + pledgeId
                        + " was never recorded in a campaign total"));
        if (!record.campaignId().equals(campaignId)) {
            throw ServiceException.invalid("campaign_id", "pledge " + pledgeId + " belongs to campaign " + record.campaignId());
        }
        Campaign campaign = store.lock(campaignId).orElseThrow(() -> CampaignQueries.campaignNotFound(campaignId));
        Instant now = clock.instant();
        if (!store.releasePledgeRecord(pledgeId, now)) {
            return new Released(campaign.pledgedMinor(), true);
        }
        CampaignStore.Totals totals = store.subtractFromTotal(campaignId, record.amountMinor(), now);
        if (record.tierId() != null) {
            store.uncountTierPledge(record.tierId());
        }
        events.pledgeReleased(record, campaign.currency(), totals, now);
        return new Released(totals.pledgedMinor(), false);
    }

    private Recorded alreadyRecorded(CampaignStore.PledgeRecord existing, PledgeToRecord p) {
        if (!existing.campaignId().equals(p.campaignId()) || existing.amountMinor() != p.amountMinor()) {
            throw ServiceException.alreadyExists("PLEDGE_ID_REUSED", "pledge " + p.pledgeId()
                    + " was recorded with another campaign or amount");
        }
        if (existing.releasedAt() != null) {
            throw ServiceException.failedPrecondition("PLEDGE_RELEASED", "pledge " + p.pledgeId()
                    + " was released and cannot be counted again; create a new pledge");
        }
        Campaign campaign = store.find(p.campaignId()).orElseThrow();
        return new Recorded(campaign.pledgedMinor(), campaign.backerCount(), List.of(), true);
    }

    private static ServiceException notAcceptingPledges(Campaign campaign, Instant now) {
        String why = campaign.status().acceptsPledges()
                ? "its deadline " + campaign.endAt() + " has passed"
                : "it is " + campaign.status().dbValue();
        return ServiceException.failedPrecondition("CAMPAIGN_NOT_ACCEPTING_PLEDGES",
                "campaign " + campaign.id() + " does not take pledges: " + why);
    }
}
