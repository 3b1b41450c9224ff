package org.crowdfund.campaign.app;

import jakarta.inject.Singleton;
import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.domain.CampaignRules;
import org.crowdfund.campaign.domain.CampaignStatus;
import org.crowdfund.campaign.domain.Tier;
import org.crowdfund.campaign.events.CampaignEvents;
import org.crowdfund.campaign.store.CampaignStore;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.InTransaction;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Creating, editing, launching and cancelling campaigns and their tiers. */
@Singleton
public class CampaignCommands {
    private final CampaignStore store;
    private final CampaignEvents events;
    private final Clock clock;

    public CampaignCommands(CampaignStore store, CampaignEvents events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    @InTransaction
    public Campaign create(Principal principal, String requestId, CampaignDraft draft) {
        Access.requireCreatorRole(principal);
        Instant now = clock.instant();
        Campaign candidate = new Campaign(Ids.newId(), principal.subject(), orEmpty(draft.title()),
                orEmpty(draft.description()), draft.fundingModel(), orEmpty(draft.currency()),
                draft.goalMinor() == null ? 0 : draft.goalMinor(), 0, 0, CampaignStatus.DRAFT, draft.endAt(),
                cutoffOrDefault(draft.pledgeCutoffHours()), Boolean.TRUE.equals(draft.noRewards()),
                draft.reservationTtlMinutes() == null ? 0 : draft.reservationTtlMinutes(), 1, now, now,
                null, null, null, null, "");
        Violations v = new Violations();
        CampaignValidation.requestId(v, requestId);
        CampaignValidation.details(v, candidate, now);
        v.throwIfAny();
        String key = requestId == null || requestId.isBlank() ? candidate.id().toString() : requestId;
        Campaign stored = store.insertOrGet(candidate, key);
        if (!stored.id().equals(candidate.id()) && !sameRequest(stored, candidate)) {
            throw ServiceException.alreadyExists("IDEMPOTENCY_KEY_REUSED", "request id '" + requestId
                    + "' already created campaign " + stored.id() + " with different details; use a new request id");
        }
        return stored;
    }

    /** Draft: anything may change. Active: title and description only (the rest are promises to backers). */
    @InTransaction
    public Campaign update(Principal principal, UUID campaignId, CampaignDraft change, long expectedVersion) {
        Campaign current = lockVisible(principal, campaignId);
        Access.requireOwner(principal, current);
        if (expectedVersion > 0 && expectedVersion != current.version()) {
            throw ServiceException.aborted("VERSION_CONFLICT", "campaign " + campaignId + " is at version "
                    + current.version() + ", not " + expectedVersion + "; reload it and apply your change again");
        }
        if (current.status() == CampaignStatus.ACTIVE) {
            boolean promisesTouched = change.fundingModel() != null || change.currency() != null
                    || change.goalMinor() != null || change.endAt() != null || change.pledgeCutoffHours() != null
                    || change.noRewards() != null || change.reservationTtlMinutes() != null;
            if (promisesTouched) {
                throw ServiceException.failedPrecondition("CAMPAIGN_ACTIVE", "campaign " + campaignId
                        + " is live: only its title and description can change; goal, deadline, currency and model are fixed at launch");
            }
        } else if (current.status() != CampaignStatus.DRAFT) {
            throw ServiceException.failedPrecondition("CAMPAIGN_NOT_EDITABLE",
                    "campaign " + campaignId + " is " + current.status().dbValue() + " and can no longer be edited");
        }
        Instant now = clock.instant();
        Campaign next = current.withDetails(
                change.title() != null ? change.title() : current.title(),
                change.description() != null ? change.description() : current.description(),
                change.fundingModel() != null ? change.fundingModel() : current.fundingModel(),
                change.currency() != null ? change.currency() : current.currency(),
                change.goalMinor() != null ? change.goalMinor() : current.goalMinor(),
                change.endAt() != null ? change.endAt() : current.endAt(),
                change.pledgeCutoffHours() != null ? cutoffOrDefault(change.pledgeCutoffHours()) : current.pledgeCutoffHours(),
                change.noRewards() != null ? change.noRewards() : current.noRewards(),
                change.reservationTtlMinutes() != null ? change.reservationTtlMinutes() : current.reservationTtlMinutes(),
                now);
        Violations v = new Violations();
        if (current.status() == CampaignStatus.ACTIVE) {
            CampaignValidation.text(v, "title", next.title(), CampaignRules.TITLE_MAX, true);
            CampaignValidation.text(v, "description", next.description(), CampaignRules.DESCRIPTION_MAX, false);
        } else {
            CampaignValidation.details(v, next, now);
        }
        v.throwIfAny();
        return store.save(next);
    }

    @InTransaction
    public Campaign launch(Principal principal, UUID campaignId) {
        Campaign current = lockVisible(principal, campaignId);
        Access.requireOwner(principal, current);
        if (current.status() != CampaignStatus.DRAFT) {
            throw ServiceException.failedPrecondition("CAMPAIGN_NOT_DRAFT", "campaign " + campaignId + " is "
                    + current.status().dbValue() + "; only a draft can be launched");
        }
        Instant now = clock.instant();
        List<Tier> tiers = store.tiers(campaignId);
        Violations v = new Violations();
        CampaignValidation.details(v, current, now);
        if (current.endAt() == null) {
            v.add("end_at", "is required to launch: set a deadline 1 to 60 days ahead");
        }
        if (tiers.isEmpty() && !current.noRewards()) {
            v.add("tiers", "add at least one reward tier, or mark the campaign as a no-reward campaign (no_rewards)");
        }
        if (!tiers.isEmpty() && current.noRewards()) {
            v.add("no_rewards", "the campaign is marked as no-reward but has " + tiers.size() + " tiers");
        }
        v.throwIfAny();
        Campaign launched = store.save(current.withStatus(CampaignStatus.ACTIVE, now));
        events.launched(launched, tiers);
        return launched;
    }

    @InTransaction
    public Campaign cancel(Principal principal, UUID campaignId, String reason) {
        Campaign current = lockVisible(principal, campaignId);
        Access.requireOwner(principal, current);
        Violations v = new Violations();
        CampaignValidation.text(v, "reason", reason, 500, false);
        v.throwIfAny();
        if (!current.status().canMoveTo(CampaignStatus.CANCELLED)) {
            throw ServiceException.failedPrecondition("CAMPAIGN_NOT_CANCELLABLE", "campaign " + campaignId + " is "
                    + current.status().dbValue() + "; only draft and active campaigns can be cancelled");
        }
        Campaign cancelled = store.save(current.withStatus(CampaignStatus.CANCELLED, clock.instant())
                .withCancelReason(reason == null ? "" : reason));
        events.cancelled(cancelled, current.status());
        return cancelled;
    }

    /**
     * Admin only (local demos): ends an active campaign now, through {@link #closeForSettlement}
     * like its deadline would.
     */
    @InTransaction
    public Campaign end(Principal principal, UUID campaignId) {
        if (!principal.isAdmin()) {
            throw ServiceException.permissionDenied("only admins end campaigns before their deadline");
        }
        Campaign current = store.lock(campaignId).orElseThrow(() -> CampaignQueries.campaignNotFound(campaignId));
        if (current.status() != CampaignStatus.ACTIVE) {
            throw ServiceException.failedPrecondition("CAMPAIGN_NOT_ACTIVE", "campaign " + campaignId + " is "
                    + current.status().dbValue() + "; only an active campaign can be ended");
        }
        return closeForSettlement(current, clock.instant());
    }

    /** active -> settling and CampaignEnded, for pledge-service to settle; the row is locked by the caller. */
    public Campaign closeForSettlement(Campaign locked, Instant now) {
        Campaign ended = store.save(locked.withStatus(CampaignStatus.SETTLING, now));
        events.ended(ended);
        return ended;
    }

    @InTransaction
    public Tier addTier(Principal principal, UUID campaignId, String requestId, TierDraft draft) {
        Campaign campaign = lockVisible(principal, campaignId);
        Access.requireOwner(principal, campaign);
        requireTiersEditable(campaign);
        Violations v = new Violations();
        CampaignValidation.requestId(v, requestId);
        long minPledge = draft.minPledgeMinor() == null ? 0 : draft.minPledgeMinor();
        CampaignValidation.tier(v, draft.title(), draft.description(), minPledge, draft.quantityLimit(),
                draft.estimatedDelivery());
        v.throwIfAny();
        if (requestId != null && !requestId.isBlank()) {
            var existing = store.findTierByRequest(campaignId, requestId);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        List<Tier> tiers = store.tiers(campaignId);
        if (tiers.size() >= CampaignRules.MAX_TIERS) {
            throw ServiceException.failedPrecondition("TOO_MANY_TIERS",
                    "a campaign can have at most " + CampaignRules.MAX_TIERS + " tiers");
        }
        if (campaign.noRewards()) {
            throw ServiceException.failedPrecondition("CAMPAIGN_HAS_NO_REWARDS",
                    "campaign " + campaignId + " is a no-reward campaign; set no_rewards to false before adding tiers");
        }
        Instant now = clock.instant();
        Tier tier = new Tier(Ids.newId(), campaignId, draft.title(), orEmpty(draft.description()), minPledge,
                draft.quantityLimit(), 0, parseDate(draft.estimatedDelivery()), tiers.size() + 1, 1, now, now);
        Tier stored = store.insertTier(tier, requestId == null || requestId.isBlank() ? tier.id().toString() : requestId);
        events.tierChanged(campaign, stored);
        return stored;
    }

    @InTransaction
    public Tier updateTier(Principal principal, UUID tierId, TierDraft change) {
        Tier current = store.findTier(tierId)
                .orElseThrow(() -> ServiceException.notFound("TIER_NOT_FOUND", "no tier " + tierId));
        Campaign campaign = lockVisible(principal, current.campaignId());
        Access.requireOwner(principal, campaign);
        requireTiersEditable(campaign);
        current = store.findTier(tierId).orElseThrow();
        Violations v = new Violations();
        if (change.clearQuantityLimit() && change.quantityLimit() != null) {
            v.add("quantity_limit", "give a new limit or clear_quantity_limit, not both");
        }
        Integer limit = change.clearQuantityLimit() ? null
                : change.quantityLimit() != null ? change.quantityLimit() : current.quantityLimit();
        long minPledge = change.minPledgeMinor() != null ? change.minPledgeMinor() : current.minPledgeMinor();
        String title = change.title() != null ? change.title() : current.title();
        String description = change.description() != null ? change.description() : current.description();
        String delivery = change.estimatedDelivery() != null ? change.estimatedDelivery()
                : current.estimatedDelivery() == null ? null : current.estimatedDelivery().toString();
        CampaignValidation.tier(v, title, description, minPledge, limit, delivery);
        v.throwIfAny();
        if (limit != null && limit < current.quantityClaimed()) {
            throw ServiceException.failedPrecondition("TIER_LIMIT_BELOW_CLAIMED", current.quantityClaimed()
                    + " slots of tier " + tierId + " are already claimed; the limit cannot go below that");
        }
        if (minPledge != current.minPledgeMinor() && current.quantityClaimed() > 0) {
            throw ServiceException.failedPrecondition("TIER_HAS_PLEDGES", "tier " + tierId + " already has "
                    + current.quantityClaimed() + " pledges; its minimum pledge can no longer change");
        }
        Tier next = new Tier(current.id(), current.campaignId(), title, description, minPledge, limit,
                current.quantityClaimed(), parseDate(delivery), current.position(), current.revision(),
                current.createdAt(), clock.instant());
        Tier stored = store.saveTier(next);
        events.tierChanged(campaign, stored);
        return stored;
    }

    private Campaign lockVisible(Principal principal, UUID campaignId) {
        return store.lock(campaignId).filter(c -> Access.canSee(principal, c))
                .orElseThrow(() -> CampaignQueries.campaignNotFound(campaignId));
    }

    private static void requireTiersEditable(Campaign campaign) {
        if (campaign.status() != CampaignStatus.DRAFT && campaign.status() != CampaignStatus.ACTIVE) {
            throw ServiceException.failedPrecondition("CAMPAIGN_NOT_EDITABLE", "campaign " + campaign.id() + " is "
                    + campaign.status().dbValue() + "; its tiers can no longer change");
        }
    }

    private static boolean sameRequest(Campaign stored, Campaign candidate) {
        return stored.title().equals(candidate.title()) && stored.goalMinor() == candidate.goalMinor()
                && stored.currency().equals(candidate.currency())
                && stored.fundingModel() == candidate.fundingModel()
                && Objects.equals(stored.endAt(), candidate.endAt());
    }

    private static int cutoffOrDefault(Integer hours) {
        return hours == null || hours == 0 ? CampaignRules.DEFAULT_CUTOFF_HOURS : hours;
    }

    private static LocalDate parseDate(String value) {
        return value == null || value.isEmpty() ? null : LocalDate.parse(value);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
