package org.crowdfund.reservation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long holds last and how far they stretch.
 * <ul>
 *   <li>A campaign's TTL (minutes in RewardTierChanged; 0 = {@code defaultTtl}, 11 min: the
 *   seed's 10 min admission window + 1 min buffer) is clamped into [{@code minTtl}, {@code maxTtl}].</li>
 *   <li>A Reserve may ask for a shorter hold, never below {@code minTtl} nor above its campaign's TTL.</li>
 *   <li>Extend: once per hold, while it is active and not lapsed, adds {@code extendBy}
 *   (default 5 min). Hard allocations have no timer to extend. The cap keeps a slot from being
 *   parked for long while others wait: at most TTL + extendBy in all.</li>
 * </ul>
 */
public record HoldPolicy(Duration defaultTtl, Duration minTtl, Duration maxTtl, Duration extendBy, int maxQuantity) {

    public HoldPolicy {
        if (minTtl.isNegative() || minTtl.isZero() || maxTtl.compareTo(minTtl) < 0
                || defaultTtl.compareTo(minTtl) < 0 || defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("need 0 < min-ttl <= default-ttl <= max-ttl, got " + minTtl + ", "
                    + defaultTtl + ", " + maxTtl);
        }
        if (extendBy.isNegative() || extendBy.isZero() || maxQuantity < 1) {
            throw new IllegalArgumentException("extend-by and max-quantity must be positive");
        }
    }

    /** The campaign's TTL from its RewardTierChanged minutes (0 = default), within the bounds. */
    public Duration campaignTtl(int minutes) {
        if (minutes <= 0) {
            return defaultTtl;
        }
        Duration asked = Duration.ofMinutes(minutes);
        if (asked.compareTo(minTtl) < 0) {
            return minTtl;
        }
        return asked.compareTo(maxTtl) > 0 ? maxTtl : asked;
    }

    /** Whether campaignTtl had to clamp the campaign's value. */
    public boolean clamps(int minutes) {
        return minutes > 0 && !Duration.ofMinutes(minutes).equals(campaignTtl(minutes));
    }

    /**
     * The hold time for a Reserve asking for {@code seconds} (0 = the campaign's TTL), or empty
     * when it is out of [minTtl, campaignTtl].
     */
    public Optional<Duration> requestedTtl(int seconds, Duration campaignTtl) {
        if (seconds == 0) {
            return Optional.of(campaignTtl);
        }
        Duration asked = Duration.ofSeconds(seconds);
        if (seconds < 0 || asked.compareTo(minTtl) < 0 || asked.compareTo(campaignTtl) > 0) {
            return Optional.empty();
        }
        return Optional.of(asked);
    }

    public Instant extendedExpiry(Instant expiresAt) {
        return expiresAt.plus(extendBy);
    }

    public boolean validQuantity(int quantity) {
        return quantity >= 1 && quantity <= maxQuantity;
    }
}
