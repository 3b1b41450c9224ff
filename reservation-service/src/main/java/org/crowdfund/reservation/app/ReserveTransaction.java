package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.reservation.domain.HoldPolicy;
import org.crowdfund.reservation.domain.Inventory;
import org.crowdfund.reservation.domain.Reservation;
import org.crowdfund.reservation.events.ReservationEvents;
import org.crowdfund.reservation.store.InventoryStore;
import org.crowdfund.reservation.store.ReservationStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Places the holds of a batch of Reserve requests for one tier (and queue) in one transaction.
 * The slots are taken by the conditional update of {@link InventoryStore#take} — for the whole
 * batch at once when it fits, else request by request in arrival order — and the rows are
 * inserted with one statement; never a read followed by a write of the counters. A backer who
 * already holds the tier gets that reservation back; a hold of theirs that has lapsed but not
 * yet been swept is expired first (its slot goes to the waitlist, like any expired slot).
 */
@Singleton
@Requires(property = "datasources.default.url")
public class ReserveTransaction {
    private final Transactions tx;
    private final InventoryStore inventory;
    private final ReservationStore reservations;
    private final SlotReturns slotReturns;
    private final ReservationEvents events;
    private final ReservationMetrics metrics;
    private final HoldPolicy policy;
    private final Clock clock;

    public ReserveTransaction(Transactions tx, InventoryStore inventory, ReservationStore reservations,
                              SlotReturns slotReturns, ReservationEvents events, ReservationMetrics metrics,
                              ReservationSettings settings, Clock clock) {
        this.tx = tx;
        this.inventory = inventory;
        this.reservations = reservations;
        this.slotReturns = slotReturns;
        this.events = events;
        this.metrics = metrics;
        this.policy = settings.holdPolicy();
        this.clock = clock;
    }

    /** Outcomes in the order of {@code commands}; every command is for {@code tierId} and {@code queueId}. */
    public List<ReserveOutcome> execute(UUID tierId, String queueId, List<ReserveCommand> commands) {
        long started = System.nanoTime();
        List<ReserveOutcome> outcomes = tx.write(() -> run(tierId, queueId, commands));
        metrics.batch(commands.size(), Duration.ofNanos(System.nanoTime() - started));
        for (ReserveOutcome outcome : outcomes) {
            if (outcome.refusal() != null) {
                metrics.refused(outcome.refusal().reason());
            } else if (!outcome.existing()) {
                metrics.created(outcome.reservation());
            }
        }
        return outcomes;
    }

    private List<ReserveOutcome> run(UUID tierId, String queueId, List<ReserveCommand> commands) {
        Instant now = clock.instant();
        ReserveOutcome[] outcomes = new ReserveOutcome[commands.size()];
        Optional<Inventory> found = inventory.find(tierId);
        ServiceException tierRefusal = found.isEmpty()
                ? ReservationErrors.tierNotFound(tierId) : refusalFor(found.get(), queueId);
        if (tierRefusal != null) {
            return fill(outcomes, ReserveOutcome.refused(tierRefusal));
        }
        Inventory inv = found.get();
        if (queueId != null && inventory.pool(tierId, queueId).isEmpty()) {
            return fill(outcomes, ReserveOutcome.refused(ReservationErrors.poolNotFound(tierId, queueId)));
        }

        // First request of each backer; their repeats in the same batch get the same reservation.
        Map<String, Wanted> wanted = new LinkedHashMap<>();
        Map<String, List<Integer>> repeats = new HashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            ReserveCommand command = commands.get(i);
            ServiceException refusal = refusalFor(inv, command);
            if (refusal != null) {
                outcomes[i] = ReserveOutcome.refused(refusal);
                continue;
            }
            if (wanted.containsKey(command.backerId())) {
                repeats.computeIfAbsent(command.backerId(), b -> new ArrayList<>()).add(i);
            } else {
                Duration ttl = inv.strategy().timed()
                        ? policy.requestedTtl(command.ttlSeconds(), inv.ttl()).orElseThrow() : null;
                wanted.put(command.backerId(), new Wanted(i, command.quantity(), ttl));
            }
        }
        if (wanted.isEmpty()) {
            return List.of(outcomes);
        }

        Map<String, ReserveOutcome> byBacker = new HashMap<>();
        List<UUID> lapsed = new ArrayList<>();
        for (Reservation existing : reservations.activeFor(tierId, wanted.keySet())) {
            if (existing.lapsed(now)) {
                lapsed.add(existing.id());
            } else {
                byBacker.put(existing.backerId(), ReserveOutcome.existing(existing));
            }
        }
        if (!lapsed.isEmpty()) {
            slotReturns.expire(lapsed, now);
        }

        List<String> toHold = wanted.keySet().stream().filter(b -> !byBacker.containsKey(b)).toList();
        List<String> granted = grant(inv, queueId, toHold, wanted, byBacker, now);

        if (!granted.isEmpty()) {
            List<ReservationStore.NewHold> holds = granted.stream()
                    .map(b -> new ReservationStore.NewHold(Ids.newId(), b, wanted.get(b).quantity(), wanted.get(b).ttl()))
                    .toList();
            List<Reservation> inserted = reservations.insertActive(tierId, inv.campaignId(), inv.strategy(), queueId,
                    holds, null, now);
            for (Reservation r : inserted) {
                byBacker.put(r.backerId(), ReserveOutcome.created(r));
            }
            events.created(inserted);
            if (inserted.size() < granted.size()) {
                settleRacedBackers(inv, queueId, granted, wanted, byBacker, now);
            }
        }

        for (Map.Entry<String, Wanted> entry : wanted.entrySet()) {
            ReserveOutcome outcome = byBacker.get(entry.getKey());
            outcomes[entry.getValue().index()] = outcome;
            for (int repeat : repeats.getOrDefault(entry.getKey(), List.of())) {
                outcomes[repeat] = outcome.reservation() == null ? outcome : ReserveOutcome.existing(outcome.reservation());
            }
        }
        return List.of(outcomes);
    }

    /**
     * Takes the slots: one conditional update for the whole batch when it fits; otherwise one
     * per request in arrival order until the tier (or pool) is exhausted. Returns the backers served.
     */
    private List<String> grant(Inventory inv, String queueId, List<String> backers, Map<String, Wanted> wanted,
                               Map<String, ReserveOutcome> byBacker, Instant now) {
        if (backers.isEmpty()) {
            return backers;
        }
        int sum = backers.stream().mapToInt(b -> wanted.get(b).quantity()).sum();
        if (inventory.take(inv.tierId(), queueId, sum, now) == InventoryStore.Take.TAKEN) {
            return backers;
        }
        List<String> granted = new ArrayList<>();
        InventoryStore.Take exhausted = null;
        for (String backer : backers) {
            int quantity = wanted.get(backer).quantity();
            InventoryStore.Take take = exhausted != null ? exhausted : inventory.take(inv.tierId(), queueId, quantity, now);
            if (take == InventoryStore.Take.TAKEN) {
                granted.add(backer);
                continue;
            }
            byBacker.put(backer, ReserveOutcome.refused(switch (take) {
                case POOL_FULL -> ReservationErrors.poolSoldOut(inv.tierId(), queueId);
                case CLOSED -> ReservationErrors.closed(inv);
                default -> ReservationErrors.soldOut(inv);
            }));
            if (quantity == 1 || take == InventoryStore.Take.CLOSED) {
                exhausted = take;
            }
        }
        return granted;
    }

    /**
     * Backers whose row was not inserted got an active hold of this tier from a concurrent
     * transaction (another replica) after we looked: their slots go back and they get that hold.
     */
    private void settleRacedBackers(Inventory inv, String queueId, List<String> granted, Map<String, Wanted> wanted,
                                    Map<String, ReserveOutcome> byBacker, Instant now) {
        List<String> raced = granted.stream().filter(b -> !byBacker.containsKey(b)).toList();
        inventory.unhold(inv.tierId(), queueId, raced.stream().mapToInt(b -> wanted.get(b).quantity()).sum(), now);
        for (Reservation winner : reservations.activeFor(inv.tierId(), raced)) {
            byBacker.put(winner.backerId(), ReserveOutcome.existing(winner));
        }
        for (String backer : raced) {
            byBacker.putIfAbsent(backer, ReserveOutcome.refused(ServiceException.aborted("RESERVE_CONFLICT",
                    "another request for the same backer and tier was being processed; retry")));
        }
    }

    private static ServiceException refusalFor(Inventory inv, String queueId) {
        if (inv.unlimited()) {
            return ReservationErrors.unlimited(inv.tierId());
        }
        if (inv.closed()) {
            return ReservationErrors.closed(inv);
        }
        if (inv.strategy().pooled() && queueId == null) {
            return ReservationErrors.queueRequired(inv.tierId());
        }
        if (!inv.strategy().pooled() && queueId != null) {
            return ReservationErrors.queueNotExpected(inv.tierId());
        }
        return null;
    }

    private ServiceException refusalFor(Inventory inv, ReserveCommand command) {
        if (command.campaignId() != null && !command.campaignId().equals(inv.campaignId())) {
            return ReservationErrors.tierNotInCampaign(inv.tierId(), command.campaignId());
        }
        if (inv.strategy().timed() && policy.requestedTtl(command.ttlSeconds(), inv.ttl()).isEmpty()) {
            return ServiceException.invalid("ttl_seconds", "must be 0 (the campaign's " + inv.ttl().toSeconds()
                    + " s) or between " + policy.minTtl().toSeconds() + " and " + inv.ttl().toSeconds() + " seconds");
        }
        return null;
    }

    private static List<ReserveOutcome> fill(ReserveOutcome[] outcomes, ReserveOutcome outcome) {
        java.util.Arrays.fill(outcomes, outcome);
        return List.of(outcomes);
    }

    private record Wanted(int index, int quantity, Duration ttl) {
    }
}
