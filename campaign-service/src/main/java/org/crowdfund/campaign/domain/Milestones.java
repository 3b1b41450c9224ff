package org.crowdfund.campaign.domain;

import java.util.ArrayList;
import java.util.List;

/** Which goal percentages a total has reached; exact integer arithmetic, no rounding. */
public final class Milestones {
    private Milestones() {
    }

    public static List<Integer> reached(long pledgedMinor, long goalMinor) {
        List<Integer> reached = new ArrayList<>();
        for (int percent : CampaignRules.MILESTONES) {
            // pledged / goal >= percent / 100, without overflow for amounts up to 10^10
            if (Math.multiplyExact(pledgedMinor, 100L) >= Math.multiplyExact(goalMinor, (long) percent)) {
                reached.add(percent);
            }
        }
        return reached;
    }
}
