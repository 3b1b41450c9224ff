package org.crowdfund.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * Response bodies: the proto messages in lowerCamelCase, money as integer minor units next to
 * the currency, times as ISO-8601 strings. Every field is always present ({@code null} when the
 * service has no value), so pages can rely on the shape.
 */
public final class Views {
    private Views() {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Campaign")
    public record Campaign(
            String id,
            String creatorId,
            String title,
            String description,
            @Schema(allowableValues = {"all_or_nothing", "keep_it_all"}) String fundingModel,
            String currency,
            long goalMinor,
            long pledgedMinor,
            int backerCount,
            @Schema(allowableValues = {"draft", "active", "settling", "funded", "failed", "partially_funded", "cancelled"})
            String status,
            @Schema(format = "date-time") String endAt,
            @Schema(format = "date-time") String launchedAt,
            @Schema(format = "date-time") String createdAt,
            @Schema(format = "date-time") String updatedAt,
            int pledgeCutoffHours,
            @Schema(format = "date-time") String pledgeCutoffAt,
            boolean noRewards,
            List<Tier> tiers,
            @Schema(description = "Percentages of the goal reached so far (25, 50, 75, 100)") List<Integer> milestonesReached,
            int reservationTtlMinutes,
            long version,
            @Schema(format = "date-time") String cancelledAt,
            String cancelReason) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Tier")
    public record Tier(
            String id,
            String campaignId,
            String title,
            String description,
            long minPledgeMinor,
            @Schema(description = "null = unlimited") Integer quantityLimit,
            @Schema(description = "Pledges recorded for this tier") int quantityClaimed,
            @Schema(format = "date") String estimatedDelivery,
            int position,
            @Schema(format = "date-time") String createdAt,
            @Schema(format = "date-time") String updatedAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CampaignPage")
    public record CampaignPage(List<Campaign> campaigns,
                               @Schema(description = "Pass as pageToken for the next page; null on the last") String nextPageToken) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "TierWithCampaign")
    public record TierWithCampaign(Tier tier, Campaign campaign) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CreatorUpdate")
    public record CreatorUpdate(String id, String campaignId, String authorId, String title, String body,
                                @Schema(format = "date-time") String postedAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CreatorUpdatePage")
    public record CreatorUpdatePage(List<CreatorUpdate> updates, String nextPageToken) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Dashboard")
    public record Dashboard(String campaignId, String currency, long goalMinor, int pledgeCount, long pledgedMinor,
                            List<TierStats> tiers, List<CountryStats> countries, List<DailyStats> daily,
                            @Schema(format = "date-time", description = "Newest event folded in; null before the first") String asOf) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "TierStats")
    public record TierStats(String tierId, String title, int pledgeCount, long amountMinor, Integer quantityLimit) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CountryStats")
    public record CountryStats(String country, int pledgeCount) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "DailyStats")
    public record DailyStats(@Schema(format = "date") String date, int pledgeCount, long amountMinor) {
    }
}
