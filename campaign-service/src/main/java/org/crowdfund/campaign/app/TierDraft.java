package org.crowdfund.campaign.app;

/** The fields of a tier as requested (nulls = not given; clearQuantityLimit makes it unlimited). */
public record TierDraft(String title, String description, Long minPledgeMinor, Integer quantityLimit,
                        boolean clearQuantityLimit, String estimatedDelivery) {
}
