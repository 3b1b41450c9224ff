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
            @Schema(description = "Minutes a reward slot is held while a backer pledges: the campaign's own setting, or "
                    + "the platform's default (11) when it sets none") int reservationTtlMinutes,
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
            @Schema(format = "date-time") String updatedAt,
            @Schema(description = "True when the slot fields below are live counts (or the tier is unlimited); false when "
                    + "they could not be read (reservation-service unavailable or slow, the tier's slots not set up yet, "
                    + "or a response other than GET)") boolean slotsKnown,
            @Schema(description = "Slots free to reserve now (reservation-service's total - held - sold); null for "
                    + "unlimited tiers and when unknown") Integer slotsLeft,
            @Schema(description = "No slot free: join the waitlist (POST /api/v1/tiers/{tierId}/waitlist); null when unknown")
            Boolean soldOut,
            @Schema(description = "Backers waiting for a slot; null for unlimited tiers and when unknown") Integer waitlistLength) {
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

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Reservation", description = "A slot of a limited tier held for a backer while they pledge")
    public record Reservation(
            String id,
            String tierId,
            String campaignId,
            String backerId,
            int quantity,
            @Schema(allowableValues = {"active", "converted", "released", "expired"}) String status,
            @Schema(allowableValues = {"soft", "hard", "queue_pools"}) String strategy,
            String queueId,
            @Schema(format = "date-time") String createdAt,
            @Schema(format = "date-time", description = "When an active hold lapses; null for hard allocations") String expiresAt,
            @Schema(description = "The one extension has been used") boolean extended,
            String pledgeId,
            @Schema(format = "date-time") String convertedAt,
            @Schema(format = "date-time", description = "When it was released or expired") String endedAt,
            @Schema(description = "Why it was released, e.g. backer, offer_declined") String releaseReason,
            @Schema(description = "Set when the hold is a waitlist offer") String waitlistEntryId,
            @Schema(format = "date-time", description = "The server's clock when it answered: count down expiresAt - serverTime, "
                    + "whatever the client's own clock says") String serverTime) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ReservationPage")
    public record ReservationPage(List<Reservation> reservations, String nextPageToken,
                                  @Schema(format = "date-time") String serverTime) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "WaitlistEntry", description = "A backer's place in line for a sold-out tier")
    public record WaitlistEntry(
            String id,
            String tierId,
            String campaignId,
            String backerId,
            int quantity,
            String queueId,
            @Schema(allowableValues = {"waiting", "offered", "accepted", "declined", "lapsed", "left", "closed"}) String status,
            @Schema(description = "1-based place in line while waiting; null otherwise") Integer position,
            @Schema(format = "date-time") String joinedAt,
            @Schema(format = "date-time") String offeredAt,
            @Schema(description = "The slot held for the backer once offered (count down its expiresAt)") Reservation reservation,
            @Schema(format = "date-time") String endedAt,
            @Schema(format = "date-time") String serverTime) {
    }
}
