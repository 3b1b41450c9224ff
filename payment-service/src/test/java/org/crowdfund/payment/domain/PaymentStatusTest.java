package org.crowdfund.payment.domain;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.payment.domain.PaymentStatus.*;

class PaymentStatusTest {
    private static final Map<PaymentStatus, Set<PaymentStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(REQUIRES_ACTION, AUTHORIZED, SUCCEEDED, CANCELED, EXPIRED, FAILED),
            REQUIRES_ACTION, EnumSet.of(AUTHORIZED, SUCCEEDED, CANCELED, FAILED),
            AUTHORIZED, EnumSet.of(SUCCEEDED, CANCELED, EXPIRED, FAILED),
            SUCCEEDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            PARTIALLY_REFUNDED, EnumSet.of(REFUNDED),
            REFUNDED, EnumSet.noneOf(PaymentStatus.class),
            CANCELED, EnumSet.noneOf(PaymentStatus.class),
            EXPIRED, EnumSet.noneOf(PaymentStatus.class),
            FAILED, EnumSet.noneOf(PaymentStatus.class));

    @Test
    void everyTransitionIsExactlyTheDocumentedOne() {
        for (PaymentStatus from : values()) {
            for (PaymentStatus to : values()) {
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void noStatusCanBeReachedAgainOnceLeftSoLateEventsNeverMoveAPaymentBackwards() {
        for (PaymentStatus start : values()) {
            assertThat(reachableFrom(start)).as("reachable from " + start).doesNotContain(start);
        }
    }

    @Test
    void finalStatusesAreTheOnesWithoutAWayOut() {
        assertThat(EnumSet.allOf(PaymentStatus.class).stream().filter(PaymentStatus::isFinal))
                .containsExactlyInAnyOrder(REFUNDED, CANCELED, EXPIRED, FAILED);
    }

    private static Set<PaymentStatus> reachableFrom(PaymentStatus start) {
        Set<PaymentStatus> seen = EnumSet.noneOf(PaymentStatus.class);
        Set<PaymentStatus> frontier = EnumSet.copyOf(ALLOWED.get(start).isEmpty() ? EnumSet.noneOf(PaymentStatus.class)
                : ALLOWED.get(start));
        while (!frontier.isEmpty()) {
            PaymentStatus next = frontier.iterator().next();
            frontier.remove(next);
            if (seen.add(next)) {
                frontier.addAll(ALLOWED.get(next));
            }
        }
        return seen;
    }
}
