package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.reservation.domain.AllocationStrategy;
import org.crowdfund.reservation.domain.HoldPolicy;
import org.crowdfund.reservation.domain.Inventory;
import org.crowdfund.reservation.domain.Pool;
import org.crowdfund.reservation.domain.ReleaseReason;
import org.crowdfund.reservation.domain.Reservation;
import org.crowdfund.reservation.domain.ReservationStatus;
import org.crowdfund.reservation.store.InventoryStore;
import org.crowdfund.reservation.store.ReservationStore;
import org.crowdfund.reservation.store.WaitlistStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Tier inventory: kept in step with campaign-service's tiers, configured, and read for pages. */
@Singleton
@Requires(property = "datasources.default.url")
public class InventoryService {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryService.class);
    private static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private final Transactions tx;
    private final InventoryStore inventory;
    private final ReservationStore reservations;
    private final WaitlistStore waitlist;
    private final SlotReturns slotReturns;
    private final WaitlistOffers offers;
    private final ReservationMetrics metrics;
    private final HoldPolicy policy;
    private final Clock clock;

    public InventoryService(Transactions tx, InventoryStore inventory, ReservationStore reservations,
                            WaitlistStore waitlist, SlotReturns slotReturns, WaitlistOffers offers,
                            ReservationMetrics metrics, ReservationSettings settings, Clock clock) {
        this.tx = tx;
        this.inventory = inventory;
        this.reservations = reservations;
        this.waitlist = waitlist;
        this.slotReturns = slotReturns;
        this.offers = offers;
        this.metrics = metrics;
        this.policy = settings.holdPolicy();
        this.clock = clock;
    }

    public static boolean validQueueId(String queueId) {
        return QUEUE_ID.matcher(queueId).matches();
    }

    /**
     * Applies a RewardTierChanged (runs in the event consumer's transaction). Older revisions
     * than the one applied are ignored. A shrink below held + sold is clamped there and
     * reported; a grown limit is offered to the waitlist at once.
     */
    public void applyTierChange(UUID tierId, UUID campaignId, Integer limit, long revision, int ttlMinutes) {
        Instant now = clock.instant();
        if (policy.clamps(ttlMinutes)) {
            LOG.warn("campaign {} asks for {} min holds; using {} (platform bounds {}..{})", campaignId, ttlMinutes,
                    policy.campaignTtl(ttlMinutes), policy.minTtl(), policy.maxTtl());
        }
        Duration ttl = policy.campaignTtl(ttlMinutes);
        Optional<InventoryStore.TierChange> applied = inventory.applyTierChange(tierId, campaignId, limit, revision, ttl, now);
        if (applied.isEmpty()) {
            LOG.info("ignored revision {} of tier {}: a newer one is applied", revision, tierId);
            return;
        }
        InventoryStore.TierChange change = applied.get();
        if (change.clamped()) {
            tx.afterCommit(metrics::clampedShrink);
            LOG.warn("tier {} limit lowered to {} but {} slots are held or sold; total stays {} until they free up "
                    + "(never below held + sold)", tierId, change.requestedTotal(), change.reserved() + change.sold(),
                    change.total());
        }
        if (change.total() == null) {
            waitlist.closeOpen(List.of(tierId), now);
        } else {
            offers.offerFreeSlots(tierId, null, now);
        }
    }

    /** Campaign cancelled or ended: no new holds, active ones released, waitlists closed. */
    public void closeCampaign(UUID campaignId, ReleaseReason reason) {
        Instant now = clock.instant();
        List<UUID> tiers = inventory.closeCampaign(campaignId, reason.dbValue(), now);
        List<Reservation> released = reservations.releaseCampaign(campaignId, reason, now);
        slotReturns.released(released, ReservationStatus.ACTIVE, now);
        if (!tiers.isEmpty()) {
            waitlist.closeOpen(tiers, now);
        }
        LOG.info("campaign {} closed ({}): {} tiers, {} holds released", campaignId, reason, tiers.size(), released.size());
    }

    /** A tier's counters for pages, or absent when the tier is unknown. */
    public record Availability(UUID tierId, Inventory inventory, int waitlistLength) {
    }

    public List<Availability> availability(List<UUID> tierIds, UUID campaignId) {
        return tx.read(() -> {
            Map<UUID, Inventory> found = new LinkedHashMap<>();
            if (campaignId != null) {
                inventory.byCampaign(campaignId).forEach(inv -> found.put(inv.tierId(), inv));
            }
            Set<UUID> missing = new HashSet<>(tierIds);
            missing.removeAll(found.keySet());
            if (!missing.isEmpty()) {
                inventory.findAll(missing).forEach(inv -> found.put(inv.tierId(), inv));
            }
            Map<UUID, Integer> waiting = found.isEmpty() ? Map.of() : waitlist.waitingCounts(found.keySet());
            List<Availability> result = new ArrayList<>();
            Set<UUID> listed = new HashSet<>();
            for (UUID tierId : tierIds) {
                if (listed.add(tierId)) {
                    result.add(new Availability(tierId, found.get(tierId), waiting.getOrDefault(tierId, 0)));
                }
            }
            for (Inventory inv : found.values()) {
                if (listed.add(inv.tierId())) {
                    result.add(new Availability(inv.tierId(), inv, waiting.getOrDefault(inv.tierId(), 0)));
                }
            }
            return result;
        });
    }

    /** A tier's full counters with its pools and waitlist length. */
    public record Detail(Inventory inventory, List<Pool> pools, int waitlistLength) {
    }

    public Detail detail(UUID tierId) {
        return tx.read(() -> detailIn(tierId));
    }

    private Detail detailIn(UUID tierId) {
        Inventory inv = inventory.find(tierId).orElseThrow(() -> ReservationErrors.tierNotFound(tierId));
        return new Detail(inv, inventory.pools(tierId), waitlist.waitingCounts(List.of(tierId)).getOrDefault(tierId, 0));
    }

    /**
     * Sets a tier's allocation strategy and (for queue pools) its pools. Only while no hold is
     * active, so no hold ever straddles two strategies. Pool sizes add up to at most the total
     * less the slots sold outside them; each pool covers what was already sold from its queue.
     */
    public Detail configure(UUID tierId, AllocationStrategy strategy, List<Pool> pools) {
        Violations violations = new Violations();
        violations.check(strategy != null, "strategy", "choose SOFT, HARD or QUEUE_POOLS");
        if (strategy == AllocationStrategy.QUEUE_POOLS) {
            violations.check(!pools.isEmpty(), "pools", "queue-pool allocation needs at least one pool");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < pools.size(); i++) {
                Pool pool = pools.get(i);
                violations.check(validQueueId(pool.queueId()), "pools[" + i + "].queue_id",
                        "1-64 letters, digits, '_', '.', ':' or '-'");
                violations.check(seen.add(pool.queueId()), "pools[" + i + "].queue_id", "appears twice");
                violations.check(pool.size() >= 0, "pools[" + i + "].size", "must not be negative");
            }
        } else if (strategy != null) {
            violations.check(pools.isEmpty(), "pools", "only queue-pool allocation has pools");
        }
        violations.throwIfAny();
        return tx.write(() -> {
            Instant now = clock.instant();
            Inventory inv = inventory.lock(tierId).orElseThrow(() -> ReservationErrors.tierNotFound(tierId));
            if (inv.unlimited()) {
                throw ReservationErrors.unlimited(tierId);
            }
            if (inv.reserved() > 0) {
                throw ReservationErrors.inventoryInUse(inv);
            }
            if (strategy == AllocationStrategy.QUEUE_POOLS) {
                int sum = 0;
                int soldInPools = 0;
                for (Pool pool : pools) {
                    int sold = inventory.soldFromQueue(tierId, pool.queueId());
                    if (pool.size() < sold) {
                        throw ServiceException.invalid("pools", "queue '" + pool.queueId() + "' already sold " + sold
                                + " slots; its pool needs at least that size");
                    }
                    sum += pool.size();
                    soldInPools += sold;
                }
                int room = inv.total() - inv.sold() + soldInPools;
                if (sum > room) {
                    throw ServiceException.invalid("pools", "pool sizes add up to " + sum + " but tier " + tierId
                            + " has room for " + room + " (" + inv.total() + " in total, " + inv.sold() + " sold)");
                }
            }
            inventory.setStrategy(tierId, strategy, now);
            inventory.replacePools(tierId, strategy == AllocationStrategy.QUEUE_POOLS ? pools : List.of());
            LOG.info("tier {} now allocates {} with pools {}", tierId, strategy, pools);
            return detailIn(tierId);
        });
    }
}
