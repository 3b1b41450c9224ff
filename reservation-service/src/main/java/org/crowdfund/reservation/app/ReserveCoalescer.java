package org.crowdfund.reservation.app;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * <p>
 * Limits (docs/reservations.md, "Coalescing"): a caller whose gRPC deadline passed or who
 * cancelled while waiting leaves the lane and is never put in a batch, so no slot is taken for
 * an answer nobody receives; a lane holds at most {@code maxQueued} waiting requests, beyond
 * which Reserve is refused at once with RESOURCE_EXHAUSTED {@code RESERVE_QUEUE_FULL} (overload,
 * to retry after a moment, unlike a sold-out tier); and when a batch's transaction fails as a
 * whole, its requests are run again one by one, so one request's failing statement fails that
 * request only.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class ReserveCoalescer {
    public static final String RESERVE_QUEUE_FULL = "RESERVE_QUEUE_FULL";
    public static final String RESERVE_ABANDONED = "RESERVE_ABANDONED";
    private static final Logger LOG = LoggerFactory.getLogger(ReserveCoalescer.class);

    /** Runs the Reserves of one tier (and queue) in one transaction; outcomes in command order. */
    interface BatchExecutor {
        List<ReserveOutcome> execute(UUID tierId, String queueId, List<ReserveCommand> commands);
    }

    private final BatchExecutor transaction;
    private final int maxBatch;
    private final int maxQueued;
    private final boolean enabled;
    private final ConcurrentMap<LaneKey, Lane> lanes = new ConcurrentHashMap<>();

    @Inject
    public ReserveCoalescer(ReserveTransaction transaction, ReservationSettings settings) {
        this(transaction::execute, settings.getMaxCoalescedBatch(), settings.getMaxQueuedPerTier(), settings.isCoalesce());
    }

    ReserveCoalescer(BatchExecutor transaction, int maxBatch, int maxQueued, boolean enabled) {
        this.transaction = transaction;
        this.maxBatch = Math.max(1, maxBatch);
        this.maxQueued = Math.max(1, maxQueued);
        this.enabled = enabled;
    }

    /** Reserves for {@code command} on behalf of the gRPC call in progress (its deadline and cancellation apply). */
    public ReserveOutcome reserve(ReserveCommand command) {
        Context caller = Context.current();
        if (caller.isCancelled()) {
            throw abandoned(caller);
        }
        if (!enabled) {
            return transaction.execute(command.tierId(), command.queueId(), List.of(command)).get(0);
        }
        LaneKey key = new LaneKey(command.tierId(), command.queueId());
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
        Pending mine = new Pending(command, caller);
        synchronized (lane) {
            if (lane.queue.size() >= maxQueued) {
                throw queueFull(command.tierId(), lane.queue.size());
            }
            lane.queue.add(mine);
            if (!lane.busy) {
                lane.busy = true;
                mine.lead = true;
            }
        }
        Context.CancellationListener wake = cancelled -> {
            synchronized (lane) {
                lane.notifyAll();
            }
        };
        caller.addListener(wake, Runnable::run);
        try {
            return await(key, lane, mine);
        } finally {
            caller.removeListener(wake);
        }
    }

    /** Requests waiting in the lane of a tier (and queue), not counting a batch that runs. */
    int queued(UUID tierId, String queueId) {
        Lane lane = lanes.get(new LaneKey(tierId, queueId));
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.queue.size();
        }
    }

    private ReserveOutcome await(LaneKey key, Lane lane, Pending mine) {
        boolean interrupted = false;
        try {
            while (true) {
                synchronized (lane) {
                    while (!mine.done && !mine.lead) {
                        if ((mine.caller.isCancelled() || interrupted) && lane.queue.remove(mine)) {
                            throw abandoned(mine.caller);
                        }
                        try {
                            lane.wait();
                        } catch (InterruptedException e) {
                            // leave the lane if still waiting; a request already promoted must lead
                            interrupted = true;
                        }
                    }
                    if (mine.done) {
                        return mine.outcome();
                    }
                }
                runBatch(key, lane);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs the lane's next batch (the leader's own request is its head) and hands the lane on. */
    private void runBatch(LaneKey key, Lane lane) {
        List<Pending> batch = new ArrayList<>();
        List<Pending> gone = new ArrayList<>();
        synchronized (lane) {
            while (!lane.queue.isEmpty() && batch.size() < maxBatch) {
                Pending next = lane.queue.poll();
                (next.caller.isCancelled() ? gone : batch).add(next);
            }
        }
        List<Result> results = List.of();
        try {
            results = batch.isEmpty() ? List.of() : execute(key, batch);
        } catch (RuntimeException | Error e) {
            results = batch.stream().map(p -> new Result(null, e instanceof RuntimeException r ? r
                    : new IllegalStateException(e))).toList();
            throw e;
        } finally {
            synchronized (lane) {
                gone.forEach(p -> p.complete(new Result(null, abandoned(p.caller))));
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(results.get(i));
                }
                Pending next = lane.queue.peek();
                if (next == null) {
                    lane.busy = false;
                    lanes.remove(key, lane);
                } else {
                    next.lead = true;
                }
                lane.notifyAll();
            }
        }
    }

    /**
     * The batch in one transaction; if that transaction fails as a whole (one request's statement
     * failing rolls back everyone's), each request runs again alone so that only the ones at
     * fault fail. Callers gone meanwhile are not run again.
     */
    private List<Result> execute(LaneKey key, List<Pending> batch) {
        try {
            List<ReserveOutcome> outcomes = transaction.execute(key.tierId(), key.queueId(),
                    batch.stream().map(p -> p.command).toList());
            return outcomes.stream().map(o -> new Result(o, null)).toList();
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                return List.of(new Result(null, e));
            }
            LOG.warn("a batch of {} Reserves of tier {} failed ({}); running them one by one", batch.size(),
                    key.tierId(), e.toString());
            List<Result> results = new ArrayList<>();
            for (Pending p : batch) {
                if (p.caller.isCancelled()) {
                    results.add(new Result(null, abandoned(p.caller)));
                    continue;
                }
                try {
                    results.add(new Result(transaction.execute(key.tierId(), key.queueId(), List.of(p.command)).get(0), null));
                } catch (RuntimeException alone) {
                    results.add(new Result(null, alone));
                }
            }
            return results;
        }
    }

    private ServiceException queueFull(UUID tierId, int waiting) {
        return new ServiceException(Status.Code.RESOURCE_EXHAUSTED, RESERVE_QUEUE_FULL, waiting
                + " Reserve requests are already waiting for tier " + tierId + " on this replica (the limit is " + maxQueued
                + "); this is overload, not a sold-out tier: retry in a moment",
                Map.of("tier_id", tierId.toString(), "retry_after_seconds", "1"), List.of());
    }

    private static ServiceException abandoned(Context caller) {
        Deadline deadline = caller.getDeadline();
        boolean late = deadline != null && deadline.isExpired();
        return new ServiceException(late ? Status.Code.DEADLINE_EXCEEDED : Status.Code.CANCELLED, RESERVE_ABANDONED,
                late ? "the call's deadline passed before its turn; no slot was taken"
                        : "the call was cancelled before its turn; no slot was taken");
    }

    private record LaneKey(UUID tierId, String queueId) {
    }

    private record Result(ReserveOutcome outcome, RuntimeException failure) {
    }

    /** Requests waiting for a tier; every field is guarded by the lane's monitor. */
    private static final class Lane {
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean busy;
    }

    /** One waiting request (guarded by its lane's monitor): answered by a batch, or asked to lead one. */
    private static final class Pending {
        private final ReserveCommand command;
        private final Context caller;
        private Result result;
        private boolean done;
        private boolean lead;

        Pending(ReserveCommand command, Context caller) {
            this.command = Objects.requireNonNull(command);
            this.caller = caller;
        }

        void complete(Result result) {
            this.result = result;
            this.done = true;
        }

        ReserveOutcome outcome() {
            if (result.failure() != null) {
                throw result.failure();
            }
            return result.outcome();
        }
    }
}
