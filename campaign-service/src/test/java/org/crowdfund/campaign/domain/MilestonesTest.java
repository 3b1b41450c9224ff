package org.crowdfund.campaign.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MilestonesTest {

    @Test
    void aTotalJustBelowAThresholdHasNotReachedIt() {
        assertThat(Milestones.reached(2_499, 10_000)).isEmpty();
        assertThat(Milestones.reached(2_500, 10_000)).containsExactly(25);
    }

    @Test
    void exactIntegerArithmeticWithoutRoundingForOddGoals() {
        // 1/3 of 100 % is 33.33 %: 25 reached, 50 not
        assertThat(Milestones.reached(1, 3)).containsExactly(25);
        assertThat(Milestones.reached(3, 3)).containsExactly(25, 50, 75, 100);
    }

    @Test
    void overfundingReachesEveryMilestoneAndNothingMore() {
        assertThat(Milestones.reached(50_000, 10_000)).containsExactly(25, 50, 75, 100);
    }

    @Test
    void theLargestGoalsDoNotOverflow() {
        long goal = CampaignRules.MAX_GOAL_MINOR;
        assertThat(Milestones.reached(goal / 2, goal)).containsExactly(25, 50);
    }
}
