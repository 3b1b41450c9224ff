package org.crowdfund.gateway.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import org.crowdfund.proto.campaign.v1.FundingModel;

import java.time.Instant;

/**
 * Request bodies of the REST API: the fields of the proto requests in lowerCamelCase, minus
 * what comes from the path or headers (ids, Idempotency-Key). Absent or {@code null} = not given.
 * Read by {@link JsonBodies}; limits are the services' and quoted in their error messages.
 */
public final class Requests {
    private Requests() {
    }

    @Introspected
    @Schema(name = "CreateCampaign", description = "A new draft campaign. A draft needs its title, funding model, "
            + "currency and goal; endAt may come later (PATCH) but launch refuses a campaign without it")
    public record CreateCampaign(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 120, example = "A solar kettle") String title,
            @Nullable @Multiline @Schema(maxLength = 10000) String description,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = {"all_or_nothing", "keep_it_all"})
            FundingModel fundingModel,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO-4217 code", example = "USD") String currency,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Goal in minor units of currency (cents for USD)",
                    minimum = "1", maximum = "10000000000", example = "500000") Long goalMinor,
            @Nullable @Schema(description = "Deadline, 1 to 60 days ahead; optional for a draft, required to launch") Instant endAt,
            @Nullable @Schema(description = "Hours before endAt after which pledges can no longer be cancelled; default 48") Integer pledgeCutoffHours,
            @Nullable @Schema(description = "True to run the campaign without reward tiers on purpose") Boolean noRewards,
            @Nullable @Schema(description = "Minutes a reward slot is held while a backer pledges, 5..30; absent = the platform's "
                    + "default (the campaign then shows the minutes applied)", minimum = "5", maximum = "30") Integer reservationTtlMinutes) {
    }

    @Introspected
    @Schema(name = "UpdateCampaign", description = "Fields given are changed. A draft may change anything; an active "
            + "campaign only its title and description")
    public record UpdateCampaign(
            @Nullable String title,
            @Nullable @Multiline String description,
            @Nullable @Schema(implementation = String.class, allowableValues = {"all_or_nothing", "keep_it_all"}) FundingModel fundingModel,
            @Nullable String currency,
            @Nullable Long goalMinor,
            @Nullable Instant endAt,
            @Nullable Integer pledgeCutoffHours,
            @Nullable Boolean noRewards,
            @Nullable Integer reservationTtlMinutes,
            @Nullable @Schema(description = "When given, the update is refused with 409 VERSION_CONFLICT unless the campaign is at this version")
            Long expectedVersion) {
    }

    @Introspected
    @Schema(name = "CancelCampaign")
    public record CancelCampaign(@Nullable @Multiline @Schema(description = "Shown to backers") String reason) {
    }

    @Introspected
    @Schema(name = "AddTier")
    public record AddTier(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Early bird") String title,
            @Nullable @Multiline String description,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Smallest pledge for this reward, minor units",
                    example = "2500") Long minPledgeMinor,
            @Nullable @Schema(description = "Number of slots; absent = unlimited") Integer quantityLimit,
            @Nullable @Schema(description = "ISO date", example = "2027-03-01") String estimatedDelivery) {
    }

    @Introspected
    @Schema(name = "UpdateTier", description = "Fields given are changed")
    public record UpdateTier(
            @Nullable String title,
            @Nullable @Multiline String description,
            @Nullable Long minPledgeMinor,
            @Nullable Integer quantityLimit,
            @Nullable @Schema(description = "True makes the tier unlimited (quantityLimit must then be absent)") Boolean clearQuantityLimit,
            @Nullable String estimatedDelivery) {
    }

    @Introspected
    @Schema(name = "PostCreatorUpdate")
    public record PostCreatorUpdate(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String title,
            @Multiline @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String body) {
    }

    @Introspected
    @Schema(name = "Reserve", description = "Hold slots of a limited tier for the signed-in backer")
    public record Reserve(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String tierId,
            @Nullable @Schema(description = "Slots to hold, default 1 (at most reservation-service's maximum, 10 by default)") Integer quantity,
            @Nullable @Schema(description = "Admission queue; only for tiers that allocate by queue") String queueId,
            @Nullable @Schema(description = "A shorter hold than the campaign's, in seconds: at least the platform's minimum "
                    + "(RESERVATION_MIN_TTL, 1 min by default); absent = the campaign's hold time") Integer ttlSeconds) {
    }

    @Introspected
    @Schema(name = "JoinWaitlist", description = "Optional: how many slots to wait for")
    public record JoinWaitlist(
            @Nullable @Schema(description = "Slots wanted, default 1") Integer quantity,
            @Nullable @Schema(description = "Admission queue; only for tiers that allocate by queue") String queueId) {
    }
}
