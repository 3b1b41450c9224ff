package org.crowdfund.gateway.api;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How long reservation-service holds a slot for a campaign that sets no time of its own
 * (RESERVATION_DEFAULT_TTL, the variable reservation-service reads too). A campaign answers with
 * the time actually applied rather than 0, so a page can say "held for 11 minutes".
 */
@ConfigurationProperties("crowdfund.reservations")
public class ReservationDefaults {
    private Duration defaultTtl = Duration.ofMinutes(11);

    public Duration getDefaultTtl() {
        return defaultTtl;
    }

    public void setDefaultTtl(Duration defaultTtl) {
        this.defaultTtl = defaultTtl;
    }

    /** The minutes applied to a campaign whose own setting is {@code campaignMinutes} (0 = none). */
    public int appliedMinutes(int campaignMinutes) {
        return campaignMinutes > 0 ? campaignMinutes : (int) Math.ceil(defaultTtl.toSeconds() / 60.0);
    }
}
