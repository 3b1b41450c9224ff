package org.crowdfund.gateway.api;

import com.google.protobuf.Timestamp;
import org.crowdfund.proto.campaign.v1.AddTierRequest;
import org.crowdfund.proto.campaign.v1.Campaign;
import org.crowdfund.proto.campaign.v1.CreateCampaignRequest;
import org.crowdfund.proto.campaign.v1.CreatorUpdate;
import org.crowdfund.proto.campaign.v1.Dashboard;
import org.crowdfund.proto.campaign.v1.Tier;
import org.crowdfund.proto.campaign.v1.UpdateCampaignRequest;
import org.crowdfund.proto.campaign.v1.UpdateTierRequest;
import org.crowdfund.proto.reservation.v1.TierAvailability;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crowdfund.platform.grpc.ProtoTime;
import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** campaign.v1 messages to and from the REST bodies; no rules, only names and types. */
final class CampaignMapping {
    private CampaignMapping() {
    }

    static CreateCampaignRequest create(String requestId, Requests.CreateCampaign body) {
        CreateCampaignRequest.Builder b = CreateCampaignRequest.newBuilder().setRequestId(orEmpty(requestId));
        if (body.title() != null) {
            b.setTitle(body.title());
        }
        if (body.description() != null) {
            b.setDescription(body.description());
        }
        if (body.fundingModel() != null) {
            b.setFundingModel(body.fundingModel());
        }
        if (body.currency() != null) {
            b.setCurrency(body.currency());
        }
        if (body.goalMinor() != null) {
            b.setGoalMinor(body.goalMinor());
        }
        if (body.endAt() != null) {
            b.setEndAt(timestamp(body.endAt()));
        }
        if (body.pledgeCutoffHours() != null) {
            b.setPledgeCutoffHours(body.pledgeCutoffHours());
        }
        if (body.noRewards() != null) {
            b.setNoRewards(body.noRewards());
        }
        if (body.reservationTtlMinutes() != null) {
            b.setReservationTtlMinutes(body.reservationTtlMinutes());
        }
        return b.build();
    }

    static UpdateCampaignRequest update(String campaignId, Requests.UpdateCampaign body) {
        UpdateCampaignRequest.Builder b = UpdateCampaignRequest.newBuilder().setCampaignId(campaignId);
        if (body.title() != null) {
            b.setTitle(body.title());
        }
        if (body.description() != null) {
            b.setDescription(body.description());
        }
        if (body.fundingModel() != null) {
            b.setFundingModel(body.fundingModel());
        }
        if (body.currency() != null) {
            b.setCurrency(body.currency());
        }
        if (body.goalMinor() != null) {
            b.setGoalMinor(body.goalMinor());
        }
        if (body.endAt() != null) {
            b.setEndAt(timestamp(body.endAt()));
        }
        if (body.pledgeCutoffHours() != null) {
            b.setPledgeCutoffHours(body.pledgeCutoffHours());
        }
        if (body.noRewards() != null) {
            b.setNoRewards(body.noRewards());
        }
        if (body.reservationTtlMinutes() != null) {
            b.setReservationTtlMinutes(body.reservationTtlMinutes());
        }
        if (body.expectedVersion() != null) {
            b.setExpectedVersion(body.expectedVersion());
        }
        return b.build();
    }

    static AddTierRequest addTier(String campaignId, String requestId, Requests.AddTier body) {
        AddTierRequest.Builder b = AddTierRequest.newBuilder().setCampaignId(campaignId).setRequestId(orEmpty(requestId))
                .setTitle(orEmpty(body.title())).setDescription(orEmpty(body.description()))
                .setEstimatedDelivery(orEmpty(body.estimatedDelivery()));
        if (body.minPledgeMinor() != null) {
            b.setMinPledgeMinor(body.minPledgeMinor());
        }
        if (body.quantityLimit() != null) {
            b.setQuantityLimit(body.quantityLimit());
        }
        return b.build();
    }

    static UpdateTierRequest updateTier(String tierId, Requests.UpdateTier body) {
        UpdateTierRequest.Builder b = UpdateTierRequest.newBuilder().setTierId(tierId)
                .setClearQuantityLimit(Boolean.TRUE.equals(body.clearQuantityLimit()));
        if (body.title() != null) {
            b.setTitle(body.title());
        }
        if (body.description() != null) {
            b.setDescription(body.description());
        }
        if (body.minPledgeMinor() != null) {
            b.setMinPledgeMinor(body.minPledgeMinor());
        }
        if (body.quantityLimit() != null) {
            b.setQuantityLimit(body.quantityLimit());
        }
        if (body.estimatedDelivery() != null) {
            b.setEstimatedDelivery(body.estimatedDelivery());
        }
        return b.build();
    }

    /** A campaign without slot counts (write responses): limited tiers say their slots are unknown. */
    static Views.Campaign campaign(Campaign c, ReservationDefaults reservations) {
        return campaign(c, Optional.empty(), reservations);
    }

    /** A campaign with its tiers' slots from {@code slotCounts} (by tier id; empty = reservation-service did not answer). */
    static Views.Campaign campaign(Campaign c, Optional<Map<String, TierAvailability>> slotCounts,
                                   ReservationDefaults reservations) {
        return new Views.Campaign(c.getId(), c.getCreatorId(), c.getTitle(), c.getDescription(),
                ProtoEnums.wireName(c.getFundingModel()), c.getCurrency(), c.getGoalMinor(), c.getPledgedMinor(),
                c.getBackerCount(), ProtoEnums.wireName(c.getStatus()),
                c.hasEndAt() ? iso(c.getEndAt()) : null,
                c.hasLaunchedAt() ? iso(c.getLaunchedAt()) : null,
                c.hasCreatedAt() ? iso(c.getCreatedAt()) : null,
                c.hasUpdatedAt() ? iso(c.getUpdatedAt()) : null,
                c.getPledgeCutoffHours(),
                c.hasPledgeCutoffAt() ? iso(c.getPledgeCutoffAt()) : null,
                c.getNoRewards(),
                c.getTiersList().stream().map(t -> tier(t, slotCounts)).toList(),
                c.getMilestonesReachedList(),
                reservations.appliedMinutes(c.getReservationTtlMinutes()),
                c.getVersion(),
                c.hasCancelledAt() ? iso(c.getCancelledAt()) : null,
                emptyToNull(c.getCancelReason()));
    }

    static Views.Tier tier(Tier t) {
        return tier(t, Optional.empty());
    }

    static Views.Tier tier(Tier t, Optional<Map<String, TierAvailability>> slotCounts) {
        TierSlots slots = TierSlots.of(t, slotCounts);
        return new Views.Tier(t.getId(), t.getCampaignId(), t.getTitle(), t.getDescription(), t.getMinPledgeMinor(),
                t.hasQuantityLimit() ? t.getQuantityLimit() : null, t.getQuantityClaimed(),
                emptyToNull(t.getEstimatedDelivery()), t.getPosition(),
                t.hasCreatedAt() ? iso(t.getCreatedAt()) : null,
                t.hasUpdatedAt() ? iso(t.getUpdatedAt()) : null,
                slots.known(), slots.left(), slots.soldOut(), slots.waitlistLength());
    }

    /** Ids of the limited tiers of {@code campaigns}: the ones whose slots are counted. */
    static List<String> limitedTierIds(List<Campaign> campaigns) {
        return campaigns.stream().flatMap(c -> c.getTiersList().stream()).filter(Tier::hasQuantityLimit).map(Tier::getId).toList();
    }

    static Views.CreatorUpdate update(CreatorUpdate u) {
        return new Views.CreatorUpdate(u.getId(), u.getCampaignId(), u.getAuthorId(), u.getTitle(), u.getBody(),
                u.hasPostedAt() ? iso(u.getPostedAt()) : null);
    }

    static Views.Dashboard dashboard(Dashboard d) {
        return new Views.Dashboard(d.getCampaignId(), d.getCurrency(), d.getGoalMinor(), d.getPledgeCount(),
                d.getPledgedMinor(),
                d.getTiersList().stream().map(t -> new Views.TierStats(t.getTierId(), t.getTitle(), t.getPledgeCount(),
                        t.getAmountMinor(), t.hasQuantityLimit() ? t.getQuantityLimit() : null)).toList(),
                d.getCountriesList().stream().map(c -> new Views.CountryStats(c.getCountry(), c.getPledgeCount())).toList(),
                d.getDailyList().stream().map(day -> new Views.DailyStats(day.getDate(), day.getPledgeCount(),
                        day.getAmountMinor())).toList(),
                d.hasAsOf() ? iso(d.getAsOf()) : null);
    }

    static String iso(Timestamp ts) {
        return ProtoTime.instant(ts).toString();
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
