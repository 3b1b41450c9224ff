package org.crowdfund.gateway.api;

import org.crowdfund.proto.campaign.v1.Tier;
import org.crowdfund.proto.reservation.v1.TierAvailability;

import java.util.Map;
import java.util.Optional;

/**
 * What a tier shows about its slots. The numbers are reservation-service's (it owns the
 * inventory: slots held by backers who are pledging count as taken), read once per response;
 * campaign-service's {@code quantityClaimed} counts pledges only. When the counts could not be
 * read, a limited tier says so ({@code known = false}) instead of guessing.
 */
record TierSlots(boolean known, Integer left, Boolean soldOut, Integer waitlistLength) {
    static final TierSlots UNLIMITED = new TierSlots(true, null, false, null);
    static final TierSlots UNKNOWN = new TierSlots(false, null, null, null);

    /** The tier's slots from {@code counts} (by tier id); empty counts mean reservation-service did not answer. */
    static TierSlots of(Tier tier, Optional<Map<String, TierAvailability>> counts) {
        if (!tier.hasQuantityLimit()) {
            return UNLIMITED;
        }
        TierAvailability a = counts.map(c -> c.get(tier.getId())).orElse(null);
        // not tracked: the tier's inventory is created moments after the tier (from its event);
        // unlimited there: a limit set just now has not reached reservation-service yet
        if (a == null || !a.getTracked() || a.getUnlimited()) {
            return UNKNOWN;
        }
        int left = Math.max(0, a.getAvailable());
        return new TierSlots(true, left, left == 0, a.getWaitlistLength());
    }
}
