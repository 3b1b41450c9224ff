package org.crowdfund.pledge.domain;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.pledge.domain.PledgeStatus.*;

class PledgeStatusTest {
    private static final Map<PledgeStatus, Set<PledgeStatus>> ALLOWED = Map.of(
            AUTHORIZING, EnumSet.of(REQUIRES_ACTION, PENDING, CAPTURED, FAILED),
            REQUIRES_ACTION, EnumSet.of(AUTHORIZING, PENDING, CAPTURED, FAILED),
            PENDING, EnumSet.of(CAPTURED, VOIDED, CANCELLED, PAYMENT_FAILED),
            PAYMENT_FAILED, EnumSet.of(CAPTURED, DROPPED),
            CAPTURED, EnumSet.of(REFUNDED, CANCELLED));

    @Test
    void everyPairOfStatesIsAllowedExactlyWhenTheDesignSaysSo() {
        for (PledgeStatus from : values()) {
            for (PledgeStatus to : values()) {
                boolean expected = ALLOWED.getOrDefault(from, Set.of()).contains(to);
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(expected);
            }
        }
    }

    @Test
    void cancelledVoidedDroppedRefundedAndFailedAreFinal() {
        assertThat(EnumSet.allOf(PledgeStatus.class).stream().filter(PledgeStatus::isFinal))
                .containsExactlyInAnyOrder(CANCELLED, VOIDED, DROPPED, REFUNDED, FAILED);
    }

    @Test
    void onlyPendingCapturedAndPaymentFailedPledgesCountInTheAuthoritativeSum() {
        assertThat(EnumSet.allOf(PledgeStatus.class).stream().filter(PledgeStatus::counts))
                .containsExactlyInAnyOrder(PENDING, CAPTURED, PAYMENT_FAILED);
    }

    @Test
    void databaseValuesAreTheLowercaseWireNamesAndRoundTrip() {
        for (PledgeStatus s : values()) {
            assertThat(PledgeStatus.fromDb(s.dbValue())).isEqualTo(s);
        }
        assertThat(PAYMENT_FAILED.dbValue()).isEqualTo("payment_failed");
        assertThat(REQUIRES_ACTION.dbValue()).isEqualTo("requires_action");
    }
}
