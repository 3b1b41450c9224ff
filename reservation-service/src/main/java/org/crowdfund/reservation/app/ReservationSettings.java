package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.crowdfund.reservation.domain.HoldPolicy;

import java.time.Duration;

/** crowdfund.reservations.*: hold times, limits and job pacing (application.yml lists the env vars). */
@ConfigurationProperties("crowdfund.reservations")
public class ReservationSettings {
    private Duration defaultTtl = Duration.ofMinutes(11);
    private Duration minTtl = Duration.ofMinutes(1);
    private Duration maxTtl = Duration.ofMinutes(30);
    private Duration extendBy = Duration.ofMinutes(5);
    private int maxQuantity = 10;
    private int expiryBatchSize = 200;
    private Duration expiringNotice = Duration.ofMinutes(2);
    private int maxCoalescedBatch = 128;
    private int maxQueuedPerTier = 1024;
    private int maxAvailabilityTiers = 200;
    private boolean coalesce = true;

    public HoldPolicy holdPolicy() {
        return new HoldPolicy(defaultTtl, minTtl, maxTtl, extendBy, maxQuantity);
    }

    public Duration getDefaultTtl() { return defaultTtl; }
    public void setDefaultTtl(Duration defaultTtl) { this.defaultTtl = defaultTtl; }
    public Duration getMinTtl() { return minTtl; }
    public void setMinTtl(Duration minTtl) { this.minTtl = minTtl; }
    public Duration getMaxTtl() { return maxTtl; }
    public void setMaxTtl(Duration maxTtl) { this.maxTtl = maxTtl; }
    public Duration getExtendBy() { return extendBy; }
    public void setExtendBy(Duration extendBy) { this.extendBy = extendBy; }
    public int getMaxQuantity() { return maxQuantity; }
    public void setMaxQuantity(int maxQuantity) { this.maxQuantity = maxQuantity; }
    public int getExpiryBatchSize() { return expiryBatchSize; }
    public void setExpiryBatchSize(int expiryBatchSize) { this.expiryBatchSize = expiryBatchSize; }
    public Duration getExpiringNotice() { return expiringNotice; }
    public void setExpiringNotice(Duration expiringNotice) { this.expiringNotice = expiringNotice; }
    public int getMaxCoalescedBatch() { return maxCoalescedBatch; }
    public void setMaxCoalescedBatch(int maxCoalescedBatch) { this.maxCoalescedBatch = maxCoalescedBatch; }
    public int getMaxQueuedPerTier() { return maxQueuedPerTier; }
    public void setMaxQueuedPerTier(int maxQueuedPerTier) { this.maxQueuedPerTier = maxQueuedPerTier; }
    public int getMaxAvailabilityTiers() { return maxAvailabilityTiers; }
    public void setMaxAvailabilityTiers(int maxAvailabilityTiers) { this.maxAvailabilityTiers = maxAvailabilityTiers; }
    public boolean isCoalesce() { return coalesce; }
    public void setCoalesce(boolean coalesce) { this.coalesce = coalesce; }
}
