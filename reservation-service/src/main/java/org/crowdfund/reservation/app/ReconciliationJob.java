package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.reservation.domain.Inventory;
import org.crowdfund.reservation.domain.Pool;
import org.crowdfund.reservation.store.InventoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Recomputes every tier's held and sold slots (and its pools') from the reservation rows,
 * repairs counters that disagree and reports the drift (metric
 * {@code reservations.reconciliation.drift} and a warning per tier). Each tier is checked in its
 * own short transaction with the inventory row locked, which every counter change also takes,
 * so the sums and the counters are compared at one consistent moment. Replicas may run it at
 * the same time; a repair is idempotent.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class ReconciliationJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationJob.class);
    /** Below every id in PostgreSQL's order, which compares uuids as unsigned bytes. */
    private static final UUID FIRST = new UUID(0, 0);
    private static final int PAGE = 500;

    private final Transactions tx;
    private final InventoryStore inventory;
    private final ReservationMetrics metrics;
    private final Clock clock;

    public ReconciliationJob(Transactions tx, InventoryStore inventory, ReservationMetrics metrics, Clock clock) {
        this.tx = tx;
        this.inventory = inventory;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Counters of one tier before and after reconciliation. */
    public record Drift(UUID tierId, int heldRecorded, int heldActual, int soldRecorded, int soldActual) {
        public int slots() {
            return Math.abs(heldRecorded - heldActual) + Math.abs(soldRecorded - soldActual);
        }
    }

    public record Report(int tiersChecked, List<Drift> drifted) {
    }

    @Scheduled(fixedDelay = "${crowdfund.reservations.reconcile-interval:5m}", initialDelay = "${crowdfund.reservations.reconcile-initial-delay:1m}")
    void tick() {
        try {
            reconcileAll();
        } catch (RuntimeException e) {
            LOG.warn("reconciliation round failed; the next round retries: {}", e.getMessage());
        }
    }

    public Report reconcileAll() {
        List<Drift> drifted = new ArrayList<>();
        int checked = 0;
        UUID after = FIRST;
        while (true) {
            UUID cursor = after;
            List<UUID> page = tx.read(() -> inventory.tierIdsAfter(cursor, PAGE));
            for (UUID tierId : page) {
                checked++;
                reconcile(tierId).ifPresent(drifted::add);
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        return report(checked, drifted);
    }

    public Report reconcile(List<UUID> tierIds) {
        List<Drift> drifted = new ArrayList<>();
        for (UUID tierId : tierIds) {
            reconcile(tierId).ifPresent(drifted::add);
        }
        return report(tierIds.size(), drifted);
    }

    private Report report(int checked, List<Drift> drifted) {
        metrics.reconciled(drifted.stream().mapToLong(Drift::slots).sum(), drifted.size());
        if (!drifted.isEmpty()) {
            LOG.warn("reconciliation repaired {} of {} tiers", drifted.size(), checked);
        }
        return new Report(checked, drifted);
    }

    private Optional<Drift> reconcile(UUID tierId) {
        return tx.write(() -> {
            Optional<Inventory> locked = inventory.lock(tierId);
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            Inventory inv = locked.get();
            Instant now = clock.instant();
            InventoryStore.Counts actual = inventory.countFromRows(tierId);
            for (Pool pool : inventory.pools(tierId)) {
                InventoryStore.Counts poolActual = inventory.countPoolFromRows(tierId, pool.queueId());
                if (poolActual.reserved() != pool.reserved() || poolActual.sold() != pool.sold()) {
                    LOG.warn("reservation drift on tier {} pool '{}': held {} -> {}, sold {} -> {}", tierId,
                            pool.queueId(), pool.reserved(), poolActual.reserved(), pool.sold(), poolActual.sold());
                    inventory.repairPool(tierId, pool.queueId(), poolActual);
                }
            }
            if (actual.reserved() == inv.reserved() && actual.sold() == inv.sold()) {
                return Optional.empty();
            }
            if (inv.total() != null && actual.reserved() + actual.sold() > inv.total()) {
                LOG.error("tier {} is oversold: rows hold {} + sell {} slots of {}; total raised to match", tierId,
                        actual.reserved(), actual.sold(), inv.total());
            }
            LOG.warn("reservation drift on tier {}: held {} -> {}, sold {} -> {}", tierId, inv.reserved(),
                    actual.reserved(), inv.sold(), actual.sold());
            inventory.repair(tierId, actual, now);
            return Optional.of(new Drift(tierId, inv.reserved(), actual.reserved(), inv.sold(), actual.sold()));
        });
    }
}
