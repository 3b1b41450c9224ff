package org.crowdfund.pledge.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentTimingTest {
    private static final Instant END = Instant.parse("2027-03-31T12:00:00Z");
    private final PaymentTiming timing = new PaymentTiming(Duration.ofDays(4), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(1));

    @Test
    void aPledgeIsHeldAtOnceOnlyWhenAnOnSessionHoldOutlivesTheDeadlinePlusTheSettlementWindow() {
        assertThat(timing.holdAtPledge(END.minus(Duration.ofDays(6)), END)).isTrue();
        assertThat(timing.holdAtPledge(END.minus(Duration.ofDays(6)).minusSeconds(1), END)).isFalse();
        assertThat(timing.holdAtPledge(END.minus(Duration.ofDays(30)), END)).isFalse();
    }

    @Test
    void theHoldJobPlacesAHoldFromFourDaysBeforeTheDeadlineUntilIt() {
        assertThat(timing.holdDue(END.minus(Duration.ofDays(4)).minusSeconds(1), END)).isFalse();
        assertThat(timing.holdDue(END.minus(Duration.ofDays(4)), END)).isTrue();
        assertThat(timing.holdDue(END.minusSeconds(1), END)).isTrue();
        assertThat(timing.holdDue(END, END)).isFalse();
    }

    @Test
    void anOffSessionHoldLapsingBeforeSettlementIsReplacedOnceItsLapseIsNearReadFromCaptureBefore() {
        Instant placed = END.minus(Duration.ofDays(4));
        Instant offSessionLapse = placed.plus(Duration.ofDays(4)).plus(Duration.ofHours(18));
        assertThat(timing.renewDue(placed, END, offSessionLapse)).as("lapses after the deadline but before settlement ends; not near yet").isFalse();
        assertThat(timing.renewDue(offSessionLapse.minus(Duration.ofDays(1)).minusSeconds(1), END, offSessionLapse)).isFalse();
        assertThat(timing.renewDue(END.minus(Duration.ofHours(7)), END, END.plus(Duration.ofHours(12)))).isTrue();
    }

    @Test
    void aHoldThatOutlivesTheSettlementWindowIsLeftAlone() {
        assertThat(timing.renewDue(END.minusSeconds(60), END, END.plus(Duration.ofDays(1)))).isFalse();
        assertThat(timing.renewDue(END.minusSeconds(60), END, END.plus(Duration.ofDays(3)))).isFalse();
    }

    @Test
    void aHoldPlacedAtPledgeTimeThatTheProviderGaveLessThanExpectedIsRenewedByItsCaptureBeforeEvenWeeksBeforeTheEnd() {
        Instant now = END.minus(Duration.ofDays(20));
        Instant shortLapse = now.plus(Duration.ofHours(20));
        assertThat(timing.renewDue(now, END, shortLapse)).as("within a day of the provider's lapse").isTrue();
        assertThat(timing.renewDue(now, END, now.plus(Duration.ofDays(2)))).isFalse();
    }

    @Test
    void settlementCapturesOnlyALiveHold() {
        assertThat(PaymentTiming.live(END, END.plusSeconds(1))).isTrue();
        assertThat(PaymentTiming.live(END, END)).isFalse();
        assertThat(PaymentTiming.live(END, null)).isFalse();
    }
}
