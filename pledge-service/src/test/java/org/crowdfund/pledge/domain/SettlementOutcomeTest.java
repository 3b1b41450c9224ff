package org.crowdfund.pledge.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.pledge.domain.FundingModel.ALL_OR_NOTHING;
import static org.crowdfund.pledge.domain.FundingModel.KEEP_IT_ALL;

class SettlementOutcomeTest {

    @Test
    void allOrNothingIsFundedExactlyWhenTheSumReachesTheGoal() {
        assertThat(SettlementOutcome.decide(ALL_OR_NOTHING, 10_000, 10_000)).isEqualTo(SettlementOutcome.FUNDED);
        assertThat(SettlementOutcome.decide(ALL_OR_NOTHING, 9_999, 10_000)).isEqualTo(SettlementOutcome.FAILED);
    }

    @Test
    void keepItAllBelowItsGoalIsPartiallyFundedAndKeepsTheMoney() {
        assertThat(SettlementOutcome.decide(KEEP_IT_ALL, 10_001, 10_000)).isEqualTo(SettlementOutcome.FUNDED);
        assertThat(SettlementOutcome.decide(KEEP_IT_ALL, 1, 10_000)).isEqualTo(SettlementOutcome.PARTIALLY_FUNDED);
        assertThat(SettlementOutcome.PARTIALLY_FUNDED.collects()).isTrue();
        assertThat(SettlementOutcome.FAILED.collects()).isFalse();
    }

    @Test
    void aCancelledCampaignCollectsNothingWhateverItsSum() {
        assertThat(SettlementOutcome.CANCELLED.collects()).isFalse();
        assertThat(SettlementOutcome.fromDb("cancelled")).isEqualTo(SettlementOutcome.CANCELLED);
    }
}
