package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.reservation.store.InventoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the holds-per-tier gauge from the counters (the 500 busiest tiers, so a platform
 * with many campaigns does not flood the metrics backend with series).
 */
@Singleton
@Requires(property = "datasources.default.url")
public class HoldsGauge {
    private static final Logger LOG = LoggerFactory.getLogger(HoldsGauge.class);
    private static final int MAX_SERIES = 500;

    private final Transactions tx;
    private final InventoryStore inventory;
    private final ReservationMetrics metrics;

    public HoldsGauge(Transactions tx, InventoryStore inventory, ReservationMetrics metrics) {
        this.tx = tx;
        this.inventory = inventory;
        this.metrics = metrics;
    }

    @Scheduled(fixedDelay = "${crowdfund.reservations.gauge-interval:15s}", initialDelay = "5s")
    public void refresh() {
        try {
            metrics.holds(tx.read(() -> inventory.heldSlots(MAX_SERIES)).stream()
                    .map(h -> new ReservationMetrics.TierHolds(h.tierId(), h.campaignId(), h.reserved()))
                    .toList());
        } catch (RuntimeException e) {
            LOG.warn("could not refresh the holds gauge: {}", e.getMessage());
        }
    }
}
