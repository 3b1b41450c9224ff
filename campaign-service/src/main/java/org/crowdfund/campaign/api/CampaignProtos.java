package org.crowdfund.campaign.api;

import com.google.protobuf.Timestamp;
import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.domain.CampaignStatus;
import org.crowdfund.campaign.domain.CreatorUpdate;
import org.crowdfund.campaign.domain.FundingModel;
import org.crowdfund.campaign.domain.Tier;

import java.time.Instant;
import java.util.List;
import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** Domain to proto (v1 contract) and back. */
public final class CampaignProtos {
    private CampaignProtos() {
    }

    public static org.crowdfund.proto.campaign.v1.FundingModel model(FundingModel model) {
        return switch (model) {
            case ALL_OR_NOTHING -> org.crowdfund.proto.campaign.v1.FundingModel.FUNDING_MODEL_ALL_OR_NOTHING;
            case KEEP_IT_ALL -> org.crowdfund.proto.campaign.v1.FundingModel.FUNDING_MODEL_KEEP_IT_ALL;
        };
    }

    /** Null for UNSPECIFIED (or an unknown future value): "not given". */
    public static FundingModel model(org.crowdfund.proto.campaign.v1.FundingModel model) {
        return switch (model) {
            case FUNDING_MODEL_ALL_OR_NOTHING -> FundingModel.ALL_OR_NOTHING;
            case FUNDING_MODEL_KEEP_IT_ALL -> FundingModel.KEEP_IT_ALL;
            default -> null;
        };
    }

    public static org.crowdfund.proto.campaign.v1.CampaignStatus status(CampaignStatus status) {
        return switch (status) {
            case DRAFT -> org.crowdfund.proto.campaign.v1.CampaignStatus.CAMPAIGN_STATUS_DRAFT;
            case ACTIVE -> org.crowdfund.proto.campaign.v1.CampaignStatus.CAMPAIGN_STATUS_ACTIVE;
            case SETTLING -> org.crowdfund.proto.campaign.v1.CampaignStatus.CAMPAIGN_STATUS_SETTLING;
            case FUNDED -> org.crowdfund.proto.campaign.v1.CampaignStatus.CAMPAIGN_STATUS_FUNDED;
            case FAILED -> org.crowdfund.proto.campaign.v1.CampaignStatus.CAMPAIGN_STATUS_FAILED;
            case PARTIALLY_FUNDED -> org.crowdfund.proto.campaign.v1.CampaignStatus.CAMPAIGN_STATUS_PARTIALLY_FUNDED;
            case CANCELLED -> org.crowdfund.proto.campaign.v1.CampaignStatus.CAMPAIGN_STATUS_CANCELLED;
        };
    }

    public static CampaignStatus status(org.crowdfund.proto.campaign.v1.CampaignStatus status) {
        return switch (status) {
            case CAMPAIGN_STATUS_DRAFT -> CampaignStatus.DRAFT;
            case CAMPAIGN_STATUS_ACTIVE -> CampaignStatus.ACTIVE;
            case CAMPAIGN_STATUS_SETTLING -> CampaignStatus.SETTLING;
            case CAMPAIGN_STATUS_FUNDED -> CampaignStatus.FUNDED;
            case CAMPAIGN_STATUS_FAILED -> CampaignStatus.FAILED;
            case CAMPAIGN_STATUS_PARTIALLY_FUNDED -> CampaignStatus.PARTIALLY_FUNDED;
            case CAMPAIGN_STATUS_CANCELLED -> CampaignStatus.CANCELLED;
            default -> null;
        };
    }

    public static org.crowdfund.proto.campaign.v1.Campaign campaign(Campaign c, List<Tier> tiers, List<Integer> milestones) {
        var b = org.crowdfund.proto.campaign.v1.Campaign.newBuilder()
                .setId(c.id().toString())
                .setCreatorId(c.creatorId())
                .setTitle(c.title())
                .setDescription(c.description())
                .setFundingModel(model(c.fundingModel()))
                .setCurrency(c.currency())
                .setGoalMinor(c.goalMinor())
                .setPledgedMinor(c.pledgedMinor())
                .setBackerCount(c.backerCount())
                .setStatus(status(c.status()))
                .setCreatedAt(timestamp(c.createdAt()))
                .setUpdatedAt(timestamp(c.updatedAt()))
                .setPledgeCutoffHours(c.pledgeCutoffHours())
                .setNoRewards(c.noRewards())
                .setReservationTtlMinutes(c.reservationTtlMinutes())
                .setVersion(c.version())
                .setCancelReason(c.cancelReason())
                .addAllMilestonesReached(milestones);
        if (c.endAt() != null) {
            b.setEndAt(timestamp(c.endAt())).setPledgeCutoffAt(timestamp(c.pledgeCutoffAt()));
        }
        if (c.launchedAt() != null) {
            b.setLaunchedAt(timestamp(c.launchedAt()));
        }
        if (c.cancelledAt() != null) {
            b.setCancelledAt(timestamp(c.cancelledAt()));
        }
        tiers.forEach(t -> b.addTiers(tier(t)));
        return b.build();
    }

    public static org.crowdfund.proto.campaign.v1.Tier tier(Tier t) {
        var b = org.crowdfund.proto.campaign.v1.Tier.newBuilder()
                .setId(t.id().toString())
                .setCampaignId(t.campaignId().toString())
                .setTitle(t.title())
                .setDescription(t.description())
                .setMinPledgeMinor(t.minPledgeMinor())
                .setQuantityClaimed(t.quantityClaimed())
                .setPosition(t.position())
                .setCreatedAt(timestamp(t.createdAt()))
                .setUpdatedAt(timestamp(t.updatedAt()));
        if (t.quantityLimit() != null) {
            b.setQuantityLimit(t.quantityLimit());
        }
        if (t.estimatedDelivery() != null) {
            b.setEstimatedDelivery(t.estimatedDelivery().toString());
        }
        return b.build();
    }

    public static org.crowdfund.proto.campaign.v1.CreatorUpdate update(CreatorUpdate u) {
        return org.crowdfund.proto.campaign.v1.CreatorUpdate.newBuilder()
                .setId(u.id().toString())
                .setCampaignId(u.campaignId().toString())
                .setAuthorId(u.authorId())
                .setTitle(u.title())
                .setBody(u.body())
                .setPostedAt(timestamp(u.postedAt()))
                .build();
    }
}
