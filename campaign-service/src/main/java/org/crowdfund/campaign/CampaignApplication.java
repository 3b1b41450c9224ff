package org.crowdfund.campaign;

import io.micronaut.runtime.Micronaut;

/** campaign-service: campaigns, reward tiers, goal tracking, milestones, creator updates, dashboard. */
public final class CampaignApplication {
    private CampaignApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(CampaignApplication.class, args);
    }
}
