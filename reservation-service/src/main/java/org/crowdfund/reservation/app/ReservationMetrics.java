package org.crowdfund.reservation.app;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.crowdfund.reservation.domain.AllocationStrategy;
import org.crowdfund.reservation.domain.Reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outcome metrics (Prometheus names in docs/reservations.md): holds created, converted,
 * released and expired, time from hold to pledge, holds per tier, refusals, waitlist offers,
 * reconciliation drift, clamped shrinks and the size of coalesced Reserve batches.
 */
@Singleton
public class ReservationMetrics {
    private final MeterRegistry registry;
    private final Timer timeToConvert;
    private final Timer expiryLag;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final MultiGauge holdsPerTier;
    private final AtomicLong lastDrift = new AtomicLong();
    private final AtomicLong driftedTiers = new AtomicLong();

    public ReservationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.timeToConvert = Timer.builder("reservations.time_to_convert")
                .description("time from placing a hold to converting it into a pledge")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry);
        this.expiryLag = Timer.builder("reservations.expiry.lag")
                .description("how long after its expiry a hold was released by the expiry worker")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(1)).register(registry);
        this.batchSize = DistributionSummary.builder("reservations.reserve.batch_size")
                .description("Reserve requests for one tier coalesced into one transaction")
                .publishPercentileHistogram().maximumExpectedValue(1024.0).register(registry);
        this.batchDuration = Timer.builder("reservations.reserve.batch_duration")
                .description("time of one coalesced Reserve transaction, including retries")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
        this.holdsPerTier = MultiGauge.builder("reservations.holds")
                .description("slots currently on hold per tier").register(registry);
        registry.gauge("reservations.reconciliation.drift", lastDrift);
        registry.gauge("reservations.reconciliation.drifted_tiers", driftedTiers);
    }

    public void created(Reservation r) {
        registry.counter("reservations.created", "strategy", tag(r.strategy()), "offer", String.valueOf(r.isOffer()))
                .increment();
    }

    public void converted(Reservation r) {
        registry.counter("reservations.converted", "strategy", tag(r.strategy())).increment();
        timeToConvert.record(Duration.between(r.createdAt(), r.convertedAt()));
    }

    public void released(Reservation r, boolean wasConverted) {
        registry.counter("reservations.released", "reason", r.releaseReason().dbValue(),
                "was_converted", String.valueOf(wasConverted)).increment();
    }

    public void expired(Reservation r, Instant sweptAt) {
        registry.counter("reservations.expired", "offer", String.valueOf(r.isOffer())).increment();
        Duration lag = Duration.between(r.expiresAt(), sweptAt);
        expiryLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void offered() {
        registry.counter("reservations.waitlist.offered").increment();
    }

    public void refused(String reason) {
        registry.counter("reservations.refused", "reason", reason).increment();
    }

    public void clampedShrink() {
        registry.counter("reservations.inventory.clamped").increment();
    }

    public void batch(int size, Duration took) {
        batchSize.record(size);
        batchDuration.record(took);
    }

    /** Absolute slots corrected in the last reconciliation round, and on how many tiers. */
    public void reconciled(long drift, long tiers) {
        lastDrift.set(drift);
        driftedTiers.set(tiers);
        if (drift > 0) {
            registry.counter("reservations.reconciliation.repaired").increment(tiers);
        }
    }

    public void holds(List<TierHolds> tiers) {
        holdsPerTier.register(tiers.stream()
                .map(t -> MultiGauge.Row.of(Tags.of("tier", t.tierId().toString(), "campaign", t.campaignId().toString()),
                        t.held()))
                .map(row -> (MultiGauge.Row<?>) row)
                .toList(), true);
    }

    public record TierHolds(UUID tierId, UUID campaignId, int held) {
    }

    private static String tag(AllocationStrategy strategy) {
        return strategy.name().toLowerCase(Locale.ROOT);
    }
}
