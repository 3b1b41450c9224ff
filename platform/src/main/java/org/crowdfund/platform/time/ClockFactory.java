package org.crowdfund.platform.time;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The one clock every service reads time from, so tests can move it. */
@Factory
public class ClockFactory {

    @Singleton
    Clock clock(@Value("${crowdfund.clock.adjustable:false}") boolean adjustable) {
        return adjustable ? new AdjustableClock(Clock.systemUTC()) : Clock.systemUTC();
    }
}
