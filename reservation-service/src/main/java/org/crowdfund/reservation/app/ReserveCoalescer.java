package org.crowdfund.reservation.app;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Group commit for Reserve. Every Reserve of a hot tier needs the same inventory row lock, so
 * per-request transactions queue behind each other on it; here concurrent requests for one tier
 * (and queue) wait in a lane and the first of them runs them all as one
 * {@link ReserveTransaction}. While a batch runs, new arrivals gather; when it is done, the
 * first of them leads the next batch. No extra threads: the leader is one of the callers.
 * Correctness never depends on this (the database guards every slot), so several replicas, or
 * two lanes for the same tier for a moment, are fine.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class ReserveCoalescer {
    private final ReserveTransaction transaction;
    private final int maxBatch;
    private final boolean enabled;
    private final ConcurrentMap<LaneKey, Lane> lanes = new ConcurrentHashMap<>();

    public ReserveCoalescer(ReserveTransaction transaction, ReservationSettings settings) {
        this.transaction = transaction;
        this.maxBatch = Math.max(1, settings.getMaxCoalescedBatch());
        this.enabled = settings.isCoalesce();
    }

    public ReserveOutcome reserve(ReserveCommand command) {
        if (!enabled) {
            return transaction.execute(command.tierId(), command.queueId(), List.of(command)).get(0);
        }
        LaneKey key = new LaneKey(command.tierId(), command.queueId());
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
        Pending mine = new Pending(command);
        boolean lead;
        synchronized (lane) {
            lane.queue.add(mine);
            lead = !lane.busy;
            lane.busy = true;
        }
        if (lead || mine.awaitLeadOrOutcome()) {
            runBatch(key, lane);
        }
        return mine.outcome();
    }

    /** Runs the lane's next batch (the caller's own request is its head) and hands the lane on. */
    private void runBatch(LaneKey key, Lane lane) {
        List<Pending> batch = new ArrayList<>();
        synchronized (lane) {
            while (!lane.queue.isEmpty() && batch.size() < maxBatch) {
                batch.add(lane.queue.poll());
            }
        }
        try {
            List<ReserveOutcome> outcomes = transaction.execute(key.tierId(), key.queueId(),
                    batch.stream().map(p -> p.command).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(outcomes.get(i), null);
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.complete(null, e));
        } finally {
            Pending next;
            synchronized (lane) {
                next = lane.queue.peek();
                if (next == null) {
                    lane.busy = false;
                    lanes.remove(key, lane);
                }
            }
            if (next != null) {
                next.promote();
            }
        }
    }

    private record LaneKey(UUID tierId, String queueId) {
    }

    private static final class Lane {
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean busy;
    }

    /** One waiting request: it is either answered by someone else's batch or asked to lead one. */
    private static final class Pending {
        private final ReserveCommand command;
        private ReserveOutcome outcome;
        private RuntimeException failure;
        private boolean done;
        private boolean lead;

        Pending(ReserveCommand command) {
            this.command = Objects.requireNonNull(command);
        }

        /** True when this request must now lead a batch; false when it has been answered. */
        synchronized boolean awaitLeadOrOutcome() {
            boolean interrupted = false;
            // Uninterruptible: a request promoted to leader must lead, or its lane would stall.
            while (!done && !lead) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return !done;
        }

        synchronized void complete(ReserveOutcome result, RuntimeException error) {
            this.outcome = result;
            this.failure = error;
            this.done = true;
            notifyAll();
        }

        synchronized void promote() {
            lead = true;
            notifyAll();
        }

        synchronized ReserveOutcome outcome() {
            if (failure != null) {
                throw failure;
            }
            return outcome;
        }
    }
}
