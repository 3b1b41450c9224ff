package org.crowdfund.campaign.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A reward tier; {@code quantityLimit} null means unlimited. */
public record Tier(
        UUID id,
        UUID campaignId,
        String title,
        String description,
        long minPledgeMinor,
        Integer quantityLimit,
        int quantityClaimed,
        LocalDate estimatedDelivery,
        int position,
        long revision,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isLimited() {
        return quantityLimit != null;
    }
}
