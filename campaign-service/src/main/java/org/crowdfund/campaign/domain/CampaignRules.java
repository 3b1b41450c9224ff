package org.crowdfund.campaign.domain;

import java.time.Duration;

/** The limits a campaign and its tiers must respect; error messages quote them. */
public final class CampaignRules {
    public static final int TITLE_MAX = 120;
    public static final int DESCRIPTION_MAX = 10_000;
    public static final int TIER_TITLE_MAX = 80;
    public static final int TIER_DESCRIPTION_MAX = 2_000;
    public static final int UPDATE_TITLE_MAX = 120;
    public static final int UPDATE_BODY_MAX = 20_000;
    public static final int REQUEST_ID_MAX = 100;
    /** Goals up to 10^10 minor units (100 million USD). */
    public static final long MAX_GOAL_MINOR = 10_000_000_000L;
    /** The payment provider's largest single charge (999,999.99 USD). */
    public static final long MAX_PLEDGE_MINOR = 99_999_999L;
    public static final int MAX_TIER_QUANTITY = 1_000_000;
    public static final int MAX_TIERS = 50;
    public static final Duration MIN_DURATION = Duration.ofDays(1);
    public static final Duration MAX_DURATION = Duration.ofDays(60);
    public static final int DEFAULT_CUTOFF_HOURS = 48;
    public static final int MAX_CUTOFF_HOURS = 7 * 24;
    /** 0 = the reservation service's default (10 minutes + 1 minute buffer). */
    public static final int MIN_RESERVATION_TTL_MINUTES = 5;
    public static final int MAX_RESERVATION_TTL_MINUTES = 30;
    public static final int[] MILESTONES = {25, 50, 75, 100};

    private CampaignRules() {
    }
}
