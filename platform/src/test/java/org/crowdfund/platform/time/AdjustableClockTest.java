package org.crowdfund.platform.time;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdjustableClockTest {
    private final Clock frozen = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void advancingMovesEveryReadingForward() {
        AdjustableClock clock = new AdjustableClock(frozen);
        clock.advance(Duration.ofDays(3));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(clock.offset()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void timeNeverMovesBackwards() {
        AdjustableClock clock = new AdjustableClock(frozen);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.instant()).isEqualTo(frozen.instant());
    }

    @Test
    void aViewInAnotherZoneFollowsLaterAdvances() {
        AdjustableClock clock = new AdjustableClock(frozen);
        Clock berlin = clock.withZone(ZoneId.of("Europe/Berlin"));
        clock.advance(Duration.ofHours(1));
        assertThat(berlin.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.instant()).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
    }
}
