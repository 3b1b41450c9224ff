package org.crowdfund.reservation.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HoldPolicyTest {
    private final HoldPolicy policy = new HoldPolicy(Duration.ofMinutes(11), Duration.ofMinutes(1), Duration.ofMinutes(30),
            Duration.ofMinutes(5), 10);

    @Test
    void aCampaignWithoutAHoldTimeGetsElevenMinutes() {
        assertThat(policy.campaignTtl(0)).isEqualTo(Duration.ofMinutes(11));
        assertThat(policy.clamps(0)).isFalse();
    }

    @Test
    void aCampaignsHoldTimeIsClampedIntoThePlatformBounds() {
        assertThat(policy.campaignTtl(20)).isEqualTo(Duration.ofMinutes(20));
        assertThat(policy.campaignTtl(45)).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.clamps(45)).isTrue();
        assertThat(policy.clamps(20)).isFalse();
    }

    @Test
    void aRequestedHoldTimeMustLieBetweenTheMinimumAndTheCampaignsHoldTime() {
        Duration campaign = Duration.ofMinutes(11);
        assertThat(policy.requestedTtl(0, campaign)).contains(campaign);
        assertThat(policy.requestedTtl(60, campaign)).contains(Duration.ofMinutes(1));
        assertThat(policy.requestedTtl(660, campaign)).contains(campaign);
        assertThat(policy.requestedTtl(59, campaign)).isEmpty();
        assertThat(policy.requestedTtl(661, campaign)).isEmpty();
        assertThat(policy.requestedTtl(-1, campaign)).isEmpty();
    }

    @Test
    void anExtensionAddsFiveMinutes() {
        Instant expiry = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(policy.extendedExpiry(expiry)).isEqualTo(Instant.parse("2026-11-23T10:05:00Z"));
    }

    @Test
    void quantitiesRunFromOneToTheMaximum() {
        assertThat(policy.validQuantity(1)).isTrue();
        assertThat(policy.validQuantity(10)).isTrue();
        assertThat(policy.validQuantity(0)).isFalse();
        assertThat(policy.validQuantity(11)).isFalse();
    }

    @Test
    void inconsistentBoundsAreRejectedAtStartup() {
        assertThatThrownBy(() -> new HoldPolicy(Duration.ofMinutes(40), Duration.ofMinutes(1), Duration.ofMinutes(30),
                Duration.ofMinutes(5), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldPolicy(Duration.ofMinutes(11), Duration.ZERO, Duration.ofMinutes(30),
                Duration.ofMinutes(5), 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHoldLapsesAtItsExpiryAndAHardAllocationNever() {
        Instant expiry = Instant.parse("2026-11-23T10:00:00Z");
        Reservation soft = reservation(expiry);
        Reservation hard = reservation(null);
        assertThat(soft.holds(expiry.minusMillis(1))).isTrue();
        assertThat(soft.lapsed(expiry)).isTrue();
        assertThat(hard.lapsed(expiry.plus(Duration.ofDays(30)))).isFalse();
        assertThat(Optional.of(hard).map(Reservation::extended)).contains(false);
    }

    private static Reservation reservation(Instant expiresAt) {
        return new Reservation(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "b", 1, ReservationStatus.ACTIVE,
                expiresAt == null ? AllocationStrategy.HARD : AllocationStrategy.SOFT, null, Instant.EPOCH, expiresAt,
                null, null, null, null, null, null);
    }
}
