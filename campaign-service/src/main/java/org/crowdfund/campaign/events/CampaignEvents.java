package org.crowdfund.campaign.events;

import jakarta.inject.Singleton;
import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.domain.CampaignStatus;
import org.crowdfund.campaign.domain.CreatorUpdate;
import org.crowdfund.campaign.domain.Tier;
import org.crowdfund.campaign.store.CampaignStore;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.events.Outbox;
import org.crowdfund.proto.events.v1.CampaignCancelled;
import org.crowdfund.proto.events.v1.CampaignEnded;
import org.crowdfund.proto.events.v1.CampaignLaunched;
import org.crowdfund.proto.events.v1.CampaignMilestoneReached;
import org.crowdfund.proto.events.v1.CampaignPledgeRecorded;
import org.crowdfund.proto.events.v1.CampaignPledgeReleased;
import org.crowdfund.proto.events.v1.CreatorUpdatePosted;
import org.crowdfund.proto.events.v1.RewardTierChanged;
import org.crowdfund.proto.events.v1.TierSnapshot;

import java.time.Instant;
import java.util.List;

import static org.crowdfund.campaign.api.CampaignProtos.model;
import static org.crowdfund.campaign.api.CampaignProtos.status;
import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** The campaign facts other services react to, appended to the outbox in the caller's transaction. */
@Singleton
public class CampaignEvents {
    private final Outbox outbox;

    public CampaignEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void launched(Campaign c, List<Tier> tiers) {
        CampaignLaunched.Builder event = CampaignLaunched.newBuilder()
                .setCampaignId(c.id().toString())
                .setCreatorId(c.creatorId())
                .setTitle(c.title())
                .setFundingModel(model(c.fundingModel()))
                .setCurrency(c.currency())
                .setGoalMinor(c.goalMinor())
                .setEndAt(timestamp(c.endAt()))
                .setPledgeCutoffAt(timestamp(c.pledgeCutoffAt()))
                .setLaunchedAt(timestamp(c.launchedAt()));
        for (Tier t : tiers) {
            TierSnapshot.Builder snapshot = TierSnapshot.newBuilder().setTierId(t.id().toString()).setTitle(t.title())
                    .setMinPledgeMinor(t.minPledgeMinor())
                    .setEstimatedDelivery(t.estimatedDelivery() == null ? "" : t.estimatedDelivery().toString());
            if (t.quantityLimit() != null) {
                snapshot.setQuantityLimit(t.quantityLimit());
            }
            event.addTiers(snapshot);
        }
        outbox.append(EventSubjects.CAMPAIGN_LAUNCHED, c.id().toString(), event.build());
    }

    public void cancelled(Campaign c, CampaignStatus previous) {
        outbox.append(EventSubjects.CAMPAIGN_CANCELLED, c.id().toString(), CampaignCancelled.newBuilder()
                .setCampaignId(c.id().toString()).setCreatorId(c.creatorId()).setReason(c.cancelReason())
                .setPreviousStatus(status(previous)).setCancelledAt(timestamp(c.cancelledAt())).build());
    }

    public void ended(Campaign c) {
        outbox.append(EventSubjects.CAMPAIGN_ENDED, c.id().toString(), CampaignEnded.newBuilder()
                .setCampaignId(c.id().toString()).setFundingModel(model(c.fundingModel())).setCurrency(c.currency())
                .setGoalMinor(c.goalMinor()).setPledgedMinor(c.pledgedMinor()).setEndAt(timestamp(c.endAt()))
                .setEndedAt(timestamp(c.endedAt())).build());
    }

    public void milestoneReached(Campaign c, int percent, long pledgedMinor, Instant at) {
        outbox.append(EventSubjects.CAMPAIGN_MILESTONE_REACHED, c.id().toString(), CampaignMilestoneReached.newBuilder()
                .setCampaignId(c.id().toString()).setPercent(percent).setPledgedMinor(pledgedMinor)
                .setGoalMinor(c.goalMinor()).setCurrency(c.currency()).setReachedAt(timestamp(at))
                .setTitle(c.title()).build());
    }

    public void tierChanged(Campaign c, Tier t) {
        RewardTierChanged.Builder event = RewardTierChanged.newBuilder()
                .setCampaignId(c.id().toString()).setTierId(t.id().toString()).setTitle(t.title())
                .setMinPledgeMinor(t.minPledgeMinor()).setRevision(t.revision())
                .setReservationTtlMinutes(c.reservationTtlMinutes()).setChangedAt(timestamp(t.updatedAt()));
        if (t.quantityLimit() != null) {
            event.setQuantityLimit(t.quantityLimit());
        }
        outbox.append(EventSubjects.REWARD_TIER_CHANGED, c.id().toString(), event.build());
    }

    public void pledgeRecorded(CampaignStore.PledgeRecord p, String currency, CampaignStore.Totals totals) {
        outbox.append(EventSubjects.CAMPAIGN_PLEDGE_RECORDED, p.campaignId().toString(), CampaignPledgeRecorded.newBuilder()
                .setCampaignId(p.campaignId().toString()).setPledgeId(p.pledgeId().toString())
                .setTierId(p.tierId() == null ? "" : p.tierId().toString()).setAmountMinor(p.amountMinor())
                .setCurrency(currency).setBackerId(p.backerId()).setBackerCountry(p.backerCountry())
                .setPledgedMinor(totals.pledgedMinor()).setBackerCount(totals.backerCount())
                .setRecordedAt(timestamp(p.recordedAt())).build());
    }

    public void pledgeReleased(CampaignStore.PledgeRecord p, String currency, CampaignStore.Totals totals, Instant at) {
        outbox.append(EventSubjects.CAMPAIGN_PLEDGE_RELEASED, p.campaignId().toString(), CampaignPledgeReleased.newBuilder()
                .setCampaignId(p.campaignId().toString()).setPledgeId(p.pledgeId().toString())
                .setTierId(p.tierId() == null ? "" : p.tierId().toString()).setAmountMinor(p.amountMinor())
                .setCurrency(currency).setBackerId(p.backerId()).setBackerCountry(p.backerCountry())
                .setPledgedMinor(totals.pledgedMinor()).setBackerCount(totals.backerCount())
                .setReleasedAt(timestamp(at)).setRecordedAt(timestamp(p.recordedAt())).build());
    }

    public void updatePosted(Campaign c, CreatorUpdate u) {
        outbox.append(EventSubjects.CREATOR_UPDATE_POSTED, c.id().toString(), CreatorUpdatePosted.newBuilder()
                .setCampaignId(c.id().toString()).setUpdateId(u.id().toString()).setAuthorId(u.authorId())
                .setTitle(u.title()).setBody(u.body()).setPostedAt(timestamp(u.postedAt()))
                .setCampaignTitle(c.title()).build());
    }
}
