package org.crowdfund.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** Request bodies and answers of the pledge routes (lowerCamelCase of pledge.v1; statuses in lower case). */
public final class PledgeViews {
    private PledgeViews() {
    }

    @Introspected
    @Schema(name = "CreatePledge", description = "A pledge to a campaign; send an Idempotency-Key header")
    public record CreatePledge(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String campaignId,
            @Schema(description = "null = no reward") String tierId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Minor units (cents for USD)", example = "2500") Long amountMinor,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "USD") String currency,
            @Schema(description = "Required for limited tiers: your active reservation of the tier") String reservationId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A Stripe payment method (pm_...); locally a test card such as pm_card_visa",
                    example = "pm_card_visa") String paymentMethodId,
            @Schema(description = "ISO 3166-1 alpha-2", example = "DE") String country,
            @Schema(description = "Where 3-D Secure sends the backer back") String returnUrl,
            @Schema(description = "BCP 47, for notifications", example = "en-US") String locale) {
    }

    @Introspected
    @Schema(name = "ChangePledge", description = "Fields given are changed; tierId \"\" = no reward")
    public record ChangePledge(Long amountMinor, String tierId,
                               @Schema(description = "Required when the new tier is limited") String reservationId) {
    }

    @Introspected
    @Schema(name = "PaymentMethod")
    public record PaymentMethod(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "pm_card_visa") String paymentMethodId,
                                String returnUrl) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Pledge")
    public record Pledge(
            String id,
            String campaignId,
            @Schema(description = "null = no reward") String tierId,
            long amountMinor,
            String currency,
            @Schema(allowableValues = {"authorizing", "requires_action", "pending", "captured", "cancelled", "voided",
                    "payment_failed", "dropped", "refunded", "failed"}) String status,
            @Schema(format = "date-time", description = "Cancel and change are refused from then on (409 PLEDGE_LOCKED)") String cancellableUntil,
            @Schema(format = "date-time") String createdAt,
            @Schema(format = "date-time") String updatedAt,
            String country,
            String reservationId,
            @Schema(description = "When requires_action: open redirectUrl to finish 3-D Secure, then POST :confirm-authentication")
            NextAction nextAction,
            String failureReason,
            String declineCode,
            String failureMessage,
            @Schema(format = "date-time", description = "payment_failed: give another payment method before this") String fixBefore,
            @Schema(format = "date-time", description = "The live hold lapses then (the provider's capture_before)") String holdExpiresAt,
            @Schema(allowableValues = {"all_or_nothing", "keep_it_all"}) String fundingModel,
            @Schema(format = "date-time") String campaignEndAt,
            Boolean refunded) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "NextAction")
    public record NextAction(String redirectUrl, String clientSecret) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "PledgePage")
    public record PledgePage(List<Pledge> pledges, String nextPageToken) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Settlement", description = "A campaign's settlement and its progress")
    public record Settlement(
            String campaignId,
            @Schema(allowableValues = {"deciding", "executing", "settled"}) String phase,
            @Schema(allowableValues = {"funded", "failed", "partially_funded", "cancelled"}) String outcome,
            String fundingModel,
            String currency,
            long goalMinor,
            @Schema(description = "Authoritative sum of the non-cancelled pledges at the decision") long pledgedMinor,
            long capturedMinor,
            @Schema(description = "Pledges by status: count and amount") Map<String, StatusCount> counts,
            long remaining,
            double ratePerSecond,
            Long estimatedSecondsLeft,
            @Schema(format = "date-time") String startedAt,
            @Schema(format = "date-time") String decidedAt,
            @Schema(format = "date-time") String settledAt,
            long campaignCounterMinor,
            long driftMinor) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "StatusCount")
    public record StatusCount(long count, long amountMinor) {
    }
}
