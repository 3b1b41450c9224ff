package org.crowdfund.reservation.app;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import org.crowdfund.platform.grpc.ServiceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The coalescer alone, over a batch executor that records its batches and can be held: who is
 * put in a batch, who is refused, and what one failing request does to the others. (The real
 * transaction behind it is covered through gRPC by ReserveTest and RaceAcrossReplicasTest.)
 */
class ReserveCoalescerTest {
    private static final UUID TIER = UUID.randomUUID();

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstBatchMayFinish = new CountDownLatch(1);
    private final CountDownLatch firstBatchStarted = new CountDownLatch(1);

    @AfterEach
    void stop() {
        firstBatchMayFinish.countDown();
        callers.shutdownNow();
        deadlines.shutdownNow();
    }

    /** Records each batch by backer; holds the first one until released; fails batches with "poison" in them. */
    private List<ReserveOutcome> execute(UUID tierId, String queueId, List<ReserveCommand> commands) {
        List<String> backers = commands.stream().map(ReserveCommand::backerId).toList();
        batches.add(backers);
        if (batches.size() == 1) {
            firstBatchStarted.countDown();
            try {
                firstBatchMayFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (backers.contains("poison")) {
            throw new IllegalStateException("ERROR: invalid byte sequence (a statement of the batch failed)");
        }
        return commands.stream().map(c -> new ReserveOutcome(null, false, null)).toList();
    }

    private CompletableFuture<ReserveOutcome> reserve(ReserveCoalescer coalescer, String backer, Context context) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return context.call(() -> coalescer.reserve(new ReserveCommand(TIER, null, backer, 1, 0, null)));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, callers);
    }

    private CompletableFuture<ReserveOutcome> reserve(ReserveCoalescer coalescer, String backer) {
        return reserve(coalescer, backer, Context.ROOT);
    }

    /** Starts "leader", whose batch then runs (held), and queues {@code waiting} behind it. */
    private void leaderRunningWith(ReserveCoalescer coalescer, int waiting) throws InterruptedException {
        reserve(coalescer, "leader");
        firstBatchStarted.await();
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == waiting);
    }

    @Test
    void requestsArrivingWhileABatchRunsGoTogetherIntoTheNextBatch() throws Exception {
        ReserveCoalescer coalescer = new ReserveCoalescer(this::execute, 128, 100, true);
        reserve(coalescer, "leader");
        firstBatchStarted.await();
        CompletableFuture<ReserveOutcome> a = reserve(coalescer, "a");
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == 1);
        CompletableFuture<ReserveOutcome> b = reserve(coalescer, "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == 2);

        firstBatchMayFinish.countDown();
        CompletableFuture.allOf(a, b).get(10, TimeUnit.SECONDS);

        assertThat(batches).containsExactly(List.of("leader"), List.of("a", "b"));
    }

    @Test
    void aCallerWhoCancelledWhileWaitingIsRefusedAndNeverPutInABatch() throws Exception {
        ReserveCoalescer coalescer = new ReserveCoalescer(this::execute, 128, 100, true);
        reserve(coalescer, "leader");
        firstBatchStarted.await();
        Context.CancellableContext cancellable = Context.ROOT.withCancellation();
        CompletableFuture<ReserveOutcome> gone = reserve(coalescer, "gone", cancellable);
        CompletableFuture<ReserveOutcome> stays = reserve(coalescer, "stays");
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == 2);

        cancellable.cancel(null);
        ServiceException refused = failure(gone);
        firstBatchMayFinish.countDown();
        stays.get(10, TimeUnit.SECONDS);

        assertThat(refused.code()).isEqualTo(Status.Code.CANCELLED);
        assertThat(refused.reason()).isEqualTo(ReserveCoalescer.RESERVE_ABANDONED);
        assertThat(batches).containsExactly(List.of("leader"), List.of("stays"));
    }

    @Test
    void aCallerWhoseDeadlinePassedWhileWaitingIsRefusedAndNeverPutInABatch() throws Exception {
        ReserveCoalescer coalescer = new ReserveCoalescer(this::execute, 128, 100, true);
        leaderRunningWith(coalescer, 0);
        Context.CancellableContext shortDeadline = Context.ROOT.withDeadline(
                Deadline.after(300, TimeUnit.MILLISECONDS), deadlines);
        CompletableFuture<ReserveOutcome> late = reserve(coalescer, "late", shortDeadline);
        CompletableFuture<ReserveOutcome> patient = reserve(coalescer, "patient");

        ServiceException refused = failure(late);
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == 1);
        firstBatchMayFinish.countDown();
        patient.get(10, TimeUnit.SECONDS);

        assertThat(refused.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(batches).containsExactly(List.of("leader"), List.of("patient"));
    }

    @Test
    void aCallerAlreadyCancelledWhenItArrivesIsRefusedAtOnce() {
        ReserveCoalescer coalescer = new ReserveCoalescer(this::execute, 128, 100, true);
        Context.CancellableContext cancelled = Context.ROOT.withCancellation();
        cancelled.cancel(null);

        ServiceException refused = failure(reserve(coalescer, "gone", cancelled));

        assertThat(refused.reason()).isEqualTo(ReserveCoalescer.RESERVE_ABANDONED);
        assertThat(batches).isEmpty();
    }

    @Test
    void aFullLaneRefusesWithResourceExhaustedReserveQueueFullAndServesTheOthers() throws Exception {
        ReserveCoalescer coalescer = new ReserveCoalescer(this::execute, 128, 2, true);
        reserve(coalescer, "leader");
        firstBatchStarted.await();
        CompletableFuture<ReserveOutcome> a = reserve(coalescer, "a");
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == 1);
        CompletableFuture<ReserveOutcome> b = reserve(coalescer, "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == 2);

        ServiceException refused = failure(reserve(coalescer, "one-too-many"));
        firstBatchMayFinish.countDown();
        CompletableFuture.allOf(a, b).get(10, TimeUnit.SECONDS);

        assertThat(refused.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.reason()).isEqualTo(ReserveCoalescer.RESERVE_QUEUE_FULL);
        assertThat(refused.getMessage()).contains("not a sold-out tier", "retry");
        assertThat(batches).containsExactly(List.of("leader"), List.of("a", "b"));
    }

    @Test
    void oneRequestFailingItsBatchFailsAloneWhileTheOthersAreServed() throws Exception {
        ReserveCoalescer coalescer = new ReserveCoalescer(this::execute, 128, 100, true);
        reserve(coalescer, "leader");
        firstBatchStarted.await();
        CompletableFuture<ReserveOutcome> before = reserve(coalescer, "before");
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == 1);
        CompletableFuture<ReserveOutcome> poison = reserve(coalescer, "poison");
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == 2);
        CompletableFuture<ReserveOutcome> after = reserve(coalescer, "after");
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.queued(TIER, null) == 3);

        firstBatchMayFinish.countDown();

        assertThat(before.get(10, TimeUnit.SECONDS).refusal()).isNull();
        assertThat(after.get(10, TimeUnit.SECONDS).refusal()).isNull();
        Throwable failed = catchThrowableOfType(() -> poison.get(10, TimeUnit.SECONDS), java.util.concurrent.ExecutionException.class);
        assertThat(failed.getCause()).isInstanceOf(IllegalStateException.class);
        assertThat(batches).containsExactly(List.of("leader"), List.of("before", "poison", "after"),
                List.of("before"), List.of("poison"), List.of("after"));
    }

    private static ServiceException failure(CompletableFuture<ReserveOutcome> call) {
        Throwable e = catchThrowableOfType(() -> call.get(10, TimeUnit.SECONDS), java.util.concurrent.ExecutionException.class);
        assertThat(e).as("the call was expected to be refused").isNotNull();
        assertThat(e.getCause()).isInstanceOf(ServiceException.class);
        return (ServiceException) e.getCause();
    }
}
