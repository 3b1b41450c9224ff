package org.crowdfund.campaign.app;

import org.crowdfund.campaign.domain.FundingModel;

import java.time.Instant;

/** The creator-controlled fields of a campaign, as requested (nulls = not given). */
public record CampaignDraft(String title, String description, FundingModel fundingModel, String currency,
                            Long goalMinor, Instant endAt, Integer pledgeCutoffHours, Boolean noRewards,
                            Integer reservationTtlMinutes) {
}
