package org.crowdfund.reservation;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.reservation.v1.ConvertRequest;
import org.crowdfund.proto.reservation.v1.ReconcileRequest;
import org.crowdfund.proto.reservation.v1.ReconcileResponse;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.reservation.ReservationHarness.SERVICE;
import static org.crowdfund.reservation.ReservationHarness.asOn;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.ReservationHarness.read;
import static org.crowdfund.reservation.ReservationHarness.rowCounts;

/**
 * 200 backers race for the 50 slots of one tier through two replicas on one database, while
 * time runs fast (a minute every 50 ms, so 11-minute holds lapse within about half a second),
 * the expiry workers of both replicas sweep, and winners convert, release or let their hold
 * lapse and try again. A sampler checks the invariant in the database throughout.
 */
class RaceAcrossReplicasTest {
    private static final int SLOTS = 50;
    private static final int BACKERS = 200;

    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();

    @Test
    void twoHundredBackersRaceForFiftySlotsThroughTwoReplicasAndNoSlotIsEverSoldTwice() throws Exception {
        Tier tier = ReservationHarness.limitedTier(SLOTS);
        List<ManagedChannel> replicas = List.of(ReservationHarness.channel(), ReservationHarness.secondaryChannel());
        List<Principal> backers = new ArrayList<>();
        for (int i = 0; i < BACKERS; i++) {
            backers.add(newBacker());
        }
        Sampler sampler = new Sampler(tier);
        Thread sampling = new Thread(sampler, "invariant-sampler");
        sampling.start();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            // Wave 1: everybody at once, half through each replica.
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reservation>> wave = new ArrayList<>();
            for (int i = 0; i < BACKERS; i++) {
                Principal backer = backers.get(i);
                ManagedChannel replica = replicas.get(i % 2);
                wave.add(pool.submit(() -> {
                    start.await();
                    return tryReserve(replica, backer, tier);
                }));
            }
            start.countDown();
            List<Reservation> winners = new ArrayList<>();
            for (Future<Reservation> f : wave) {
                Reservation r = f.get(60, TimeUnit.SECONDS);
                if (r != null) {
                    winners.add(r);
                }
            }
            assertThat(winners).hasSize(SLOTS);
            assertThat(refusals).containsOnlyKeys("TIER_SOLD_OUT");
            assertThat(refusals.get("TIER_SOLD_OUT").get()).isEqualTo(BACKERS - SLOTS);
            assertThat(counters(tier)).isEqualTo(new Counters(SLOTS, SLOTS, 0));
            assertThat(winners.stream().map(Reservation::getBackerId).distinct()).hasSize(SLOTS);

            // Wave 2: winners convert, release or let the hold lapse; everyone else keeps trying
            // whenever a slot frees, while time runs and both expiry workers sweep.
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            clock.scheduleAtFixedRate(() -> ReservationHarness.advance(Duration.ofMinutes(1)), 50, 50,
                    TimeUnit.MILLISECONDS);
            Set<String> converted = ConcurrentHashMap.newKeySet();
            List<Future<?>> players = new ArrayList<>();
            for (int i = 0; i < BACKERS; i++) {
                int index = i;
                players.add(pool.submit(() -> play(index, backers.get(index), replicas, tier, converted)));
            }
            for (Future<?> f : players) {
                f.get(120, TimeUnit.SECONDS);
            }
            clock.shutdown();
            assertThat(clock.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            assertThat(converted).hasSize(SLOTS);
            assertThat(counters(tier)).isEqualTo(new Counters(SLOTS, 0, SLOTS));
            assertThat(refusals).containsOnlyKeys("TIER_SOLD_OUT");
        } finally {
            sampler.stop();
            sampling.join();
            pool.shutdownNow();
        }

        assertThat(sampler.violations).isEmpty();
        assertThat(sampler.samples.get()).isGreaterThan(100);
        assertThat(sampler.maxOccupied.get()).isEqualTo(SLOTS);
        assertThat(rowCounts(tier)).isEqualTo(new Counters(null, 0, SLOTS));
        ReconcileResponse reconciled = ReservationHarness.as(ReservationHarness.ADMIN)
                .reconcile(ReconcileRequest.newBuilder().addTierIds(tier.id()).build());
        assertThat(reconciled.getDriftedList()).isEmpty();
        long misannounced = read(sql -> sql.one("""
                SELECT count(*) AS n FROM reservation r WHERE r.tier_id = ? AND r.status = 'expired'
                  AND (SELECT count(*) FROM outbox o WHERE o.subject = ? AND o.aggregate_id = r.id::text) <> 1""",
                rs -> rs.getLong("n"), tier.tierId(), EventSubjects.RESERVATION_EXPIRED).orElseThrow());
        long lapsed = read(sql -> sql.one("SELECT count(*) AS n FROM reservation WHERE tier_id = ? AND status = 'expired'",
                rs -> rs.getLong("n"), tier.tierId()).orElseThrow());
        assertThat(misannounced)
                .as("every expired hold announced exactly once although two workers swept").isZero();
        assertThat(lapsed).as("holds lapsed during the race").isPositive();
        assertThat(ReservationHarness.primary().getBean(MeterRegistry.class).find("reservations.reserve.batch_size")
                .summary().max()).as("concurrent requests were coalesced").isGreaterThan(1.0);
    }

    @Test
    void oneBackerReservingTwentyTimesAtOnceThroughBothReplicasGetsOneReservation() throws Exception {
        Tier tier = ReservationHarness.limitedTier(5);
        List<ManagedChannel> replicas = List.of(ReservationHarness.channel(), ReservationHarness.secondaryChannel());
        Principal backer = newBacker();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reservation>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ManagedChannel replica = replicas.get(i % 2);
                calls.add(pool.submit(() -> {
                    start.await();
                    return tryReserve(replica, backer, tier);
                }));
            }
            start.countDown();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<Reservation> call : calls) {
                Reservation r = call.get(30, TimeUnit.SECONDS);
                assertThat(r).as("refused: " + refusals).isNotNull();
                ids.add(r.getId());
            }
            assertThat(ids).hasSize(1);
            assertThat(counters(tier)).isEqualTo(new Counters(5, 1, 0));
            assertThat(rowCounts(tier)).isEqualTo(new Counters(null, 1, 0));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One backer until done: converts (done), releases (gives up), or lets the hold lapse and
     * queues again; while the tier is full, waits for a free slot or for it to sell out.
     */
    private void play(int index, Principal backer, List<ManagedChannel> replicas, Tier tier, Set<String> converted) {
        for (int attempt = 0; ; attempt++) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> free(tier) > 0 || soldOut(tier));
            if (soldOut(tier)) {
                return;
            }
            Reservation r = tryReserve(replicas.get((index + attempt) % 2), backer, tier);
            if (r == null) {
                continue;
            }
            ManagedChannel replica = replicas.get((index + attempt + 1) % 2);
            switch ((index + attempt) % 10) {
                case 0, 1, 2, 3 -> {
                    try {
                        asOn(replica, SERVICE).convert(ConvertRequest.newBuilder().setReservationId(r.getId())
                                .setPledgeId(UUID.randomUUID().toString()).setBackerId(r.getBackerId())
                                .setTierId(r.getTierId()).build());
                        converted.add(backer.subject());
                        return;
                    } catch (StatusRuntimeException lapsedMeanwhile) {
                        assertThat(Refusals.refusal(() -> {
                            throw lapsedMeanwhile;
                        }).reason()).isEqualTo("RESERVATION_EXPIRED");
                    }
                }
                case 4, 5, 6 -> {
                    asOn(replica, backer).release(ReleaseRequest.newBuilder().setReservationId(r.getId()).build());
                    return;
                }
                default -> await().atMost(Duration.ofSeconds(30)).until(() -> !"active".equals(status(r.getId())));
            }
        }
    }

    private Reservation tryReserve(ManagedChannel replica, Principal backer, Tier tier) {
        try {
            return asOn(replica, backer).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1).build())
                    .getReservation();
        } catch (StatusRuntimeException e) {
            refusals.computeIfAbsent(Refusals.refusal(() -> {
                throw e;
            }).reason(), k -> new AtomicInteger()).incrementAndGet();
            return null;
        }
    }

    private static int free(Tier tier) {
        Counters c = counters(tier);
        return c.total() - c.reserved() - c.sold();
    }

    private static boolean soldOut(Tier tier) {
        return counters(tier).sold() >= SLOTS;
    }

    private static String status(String reservationId) {
        return read(sql -> sql.one("SELECT status FROM reservation WHERE id = ?", rs -> rs.getString("status"),
                UUID.fromString(reservationId)).orElseThrow());
    }

    /** Reads the counters and the rows in one statement, over and over, and records any broken invariant. */
    private static final class Sampler implements Runnable {
        private final Tier tier;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong samples = new AtomicLong();
        final AtomicInteger maxOccupied = new AtomicInteger();

        Sampler(Tier tier) {
            this.tier = tier;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            while (running.get()) {
                int[] s = read(sql -> sql.one("""
                        SELECT i.total, i.reserved, i.sold,
                               (SELECT COALESCE(SUM(r.quantity), 0) FROM reservation r
                                WHERE r.tier_id = i.tier_id AND r.status IN ('active', 'converted')) AS occupied
                        FROM inventory i WHERE i.tier_id = ?""",
                        rs -> new int[] {rs.getInt("total"), rs.getInt("reserved"), rs.getInt("sold"), rs.getInt("occupied")},
                        tier.tierId()).orElseThrow());
                samples.incrementAndGet();
                if (s[1] + s[2] > s[0] || s[3] > s[0]) {
                    violations.add("total " + s[0] + ", reserved " + s[1] + ", sold " + s[2] + ", rows " + s[3]);
                }
                maxOccupied.accumulateAndGet(s[3], Math::max);
            }
        }
    }
}
