package org.crowdfund.reservation;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reservations per second on one hot tier through gRPC, at 8, 32 and 128 concurrent callers:
 * the service with Reserve coalescing (the default), the same service with it switched off (one
 * transaction per request), and pgbench running the same statements one request per
 * transaction on the same PostgreSQL (a private 15.x server started for the run, so pgbench can
 * open 128 connections and concurrent builds do not share it). Zero oversell is checked after
 * every run. Not part of the normal build; run with
 * {@code mvn -pl reservation-service test -Dgroups=benchmark -DexcludedGroups= -Dtest=ReserveBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * The table is logged and written to {@code target/benchmark/reservations.md};
 * {@code -Dbench.seconds}, {@code -Dbench.warmup} and {@code -Dbench.callers=8,32,128} change the runs.
 */
@Tag("benchmark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReserveBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(ReserveBenchmark.class);
    private static final int[] CALLERS = Arrays.stream(System.getProperty("bench.callers", "8,32,128").split(","))
            .mapToInt(Integer::parseInt).toArray();
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 3));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private static final int HOT_TIER_SLOTS = 5_000_000;

    record Result(String what, int callers, long requests, double perSecond, double p50Ms, double p99Ms, String note) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %.2f | %s |", what, callers, perSecond, p50Ms,
                    p99Ms, note);
        }
    }

    private PrivatePostgres postgres;

    @BeforeAll
    void startPrivatePostgres() throws Exception {
        postgres = PrivatePostgres.start(400);
        ReservationHarness.useDatabase(postgres.createDatabase("crowdfund_reservation_bench"), "postgres", "");
    }

    @AfterAll
    void stopPrivatePostgres() throws Exception {
        ReservationHarness.primary().close();
        ReservationHarness.replica("reservation-naive", Map.of()).close();
        postgres.close();
    }

    @Test
    void reservationsPerSecondOnOneHotTierCoalescedNaiveAndPgbench() throws Exception {
        ManagedChannel coalesced = ReservationHarness.channel();
        ManagedChannel naive = ReservationHarness.open(ReservationHarness.replica("reservation-naive",
                Map.of("crowdfund.reservations.coalesce", false)));
        List<Result> results = new ArrayList<>();
        for (int callers : CALLERS) {
            results.add(runGrpc("service, coalesced", coalesced, callers));
            results.add(runGrpc("service, one tx per request", naive, callers));
            results.add(runPgbench(callers));
        }
        results.add(sellOut(coalesced));

        StringBuilder table = new StringBuilder("| run | callers | reservations/s | p50 ms | p99 ms | notes |\n")
                .append("|---|---|---|---|---|---|\n");
        results.forEach(r -> table.append(r.row()).append('\n'));
        Path out = Path.of("target", "benchmark", "reservations.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
        LOG.info("reservation benchmark ({} s per run after {} s warm-up):\n{}", MEASURE.toSeconds(), WARMUP.toSeconds(), table);
    }

    /** Callers reserving as fast as they can, each request for a new backer, on a tier that never sells out. */
    private Result runGrpc(String what, ManagedChannel channel, int callers) throws Exception {
        Tier tier = ReservationHarness.limitedTier(HOT_TIER_SLOTS);
        MeterRegistry meters = ReservationHarness.primary().getBean(MeterRegistry.class);
        DistributionSummary batches = meters.find("reservations.reserve.batch_size").summary();
        Timer batchTime = meters.find("reservations.reserve.batch_duration").timer();
        long batchCountBefore = batches == null ? 0 : batches.count();
        double batchTotalBefore = batches == null ? 0 : batches.totalAmount();
        double batchMsBefore = batchTime == null ? 0 : batchTime.totalTime(TimeUnit.MILLISECONDS);

        Load load = drive(channel, tier, callers, WARMUP.plus(MEASURE), WARMUP);
        Counters c = ReservationHarness.counters(tier);
        Counters rows = ReservationHarness.rowCounts(tier);
        assertThat(c.reserved() + c.sold()).isLessThanOrEqualTo(c.total());
        assertThat(rows.reserved()).isEqualTo(c.reserved()).isEqualTo((int) load.successes.get());
        assertThat(load.failures.get()).isZero();

        String note = "0 oversold, " + c.reserved() + " held = rows";
        if (what.contains("coalesced") && batches != null && batches.count() > batchCountBefore) {
            long count = batches.count() - batchCountBefore;
            note += String.format(Locale.ROOT, ", mean batch %.1f requests in %.1f ms",
                    (batches.totalAmount() - batchTotalBefore) / count,
                    (batchTime.totalTime(TimeUnit.MILLISECONDS) - batchMsBefore) / count);
        }
        return load.result(what, callers, note);
    }

    /** 128 callers and 3x more backers than slots: exactly the slots are held, the rest refused. */
    private Result sellOut(ManagedChannel channel) throws Exception {
        int slots = 2_000;
        Tier tier = ReservationHarness.limitedTier(slots);
        Load load = drive(channel, tier, 128, Duration.ofDays(1), Duration.ZERO, slots * 3);
        Counters c = ReservationHarness.counters(tier);
        assertThat(c).isEqualTo(new Counters(slots, slots, 0));
        assertThat(ReservationHarness.rowCounts(tier).reserved()).isEqualTo(slots);
        assertThat(load.successes.get()).isEqualTo(slots);
        assertThat(load.soldOut.get()).isEqualTo(slots * 2L);
        return load.result("sell-out check, coalesced", 128,
                slots + " of " + slots * 3 + " requests held, " + load.soldOut.get() + " TIER_SOLD_OUT, 0 oversold");
    }

    private Load drive(ManagedChannel channel, Tier tier, int callers, Duration runFor, Duration warmup) throws Exception {
        return drive(channel, tier, callers, runFor, warmup, Long.MAX_VALUE);
    }

    private Load drive(ManagedChannel channel, Tier tier, int callers, Duration runFor, Duration warmup, long maxRequests)
            throws Exception {
        Load load = new Load();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong issued = new AtomicLong();
        List<Future<long[]>> futures = new ArrayList<>();
        long begin = System.nanoTime() + Duration.ofMillis(200).toNanos();
        long measureFrom = begin + warmup.toNanos();
        long end = runFor.toDays() >= 1 ? Long.MAX_VALUE : begin + runFor.toNanos();
        for (int i = 0; i < callers; i++) {
            int caller = i;
            futures.add(pool.submit(() -> {
                start.await();
                long[] latencies = new long[1 << 16];
                int n = 0;
                int seq = 0;
                while (System.nanoTime() < end && issued.incrementAndGet() <= maxRequests) {
                    Principal backer = Principal.of("bench-" + caller + "-" + seq++ + "-" + tier.id(), Principal.ROLE_BACKER);
                    long t0 = System.nanoTime();
                    try {
                        ReservationHarness.asOn(channel, backer).reserve(ReserveRequest.newBuilder().setTierId(tier.id())
                                .setQuantity(1).build());
                        load.successes.incrementAndGet();
                    } catch (StatusRuntimeException e) {
                        if ("TIER_SOLD_OUT".equals(Refusals.refusal(() -> {
                            throw e;
                        }).reason())) {
                            load.soldOut.incrementAndGet();
                        } else {
                            load.failures.incrementAndGet();
                            LOG.warn("benchmark call failed: {}", e.getStatus());
                        }
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = t1 - t0;
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        while (System.nanoTime() < begin) {
            Thread.onSpinWait();
        }
        start.countDown();
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            all.add(f.get(10, TimeUnit.MINUTES));
        }
        long finished = System.nanoTime();
        pool.shutdown();
        load.latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        load.seconds = ((end == Long.MAX_VALUE ? finished : end) - measureFrom) / 1e9;
        return load;
    }

    private static final class Load {
        final AtomicLong successes = new AtomicLong();
        final AtomicLong soldOut = new AtomicLong();
        final AtomicInteger failures = new AtomicInteger();
        long[] latencies = new long[0];
        double seconds;

        Result result(String what, int callers, String note) {
            return new Result(what, callers, latencies.length, latencies.length / seconds, percentile(latencies, 0.50),
                    percentile(latencies, 0.99), note);
        }
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1)] / 1e6;
    }

    // ---- pgbench ---------------------------------------------------------------------------

    /**
     * The statements of one Reserve, one request per transaction: read the tier, look for the
     * backer's active hold, the conditional update, the reservation row and its outbox event.
     */
    private Result runPgbench(int callers) throws Exception {
        Tier tier = ReservationHarness.limitedTier(HOT_TIER_SLOTS);
        Path dir = Files.createTempDirectory("reservation-pgbench");
        Path script = dir.resolve("reserve.sql");
        Files.writeString(script, """
                \\set n random(1, 2000000000)
                BEGIN;
                SELECT tier_id, campaign_id, total, requested_total, reserved, sold, strategy, ttl_seconds, revision, closed_at FROM inventory WHERE tier_id = '%1$s';
                SELECT id FROM reservation WHERE tier_id = '%1$s' AND backer_id = ANY(ARRAY['pgbench-' || :n || '-' || :client_id]) AND status = 'active';
                UPDATE inventory SET reserved = reserved + 1, updated_at = now() WHERE tier_id = '%1$s' AND total - reserved - sold >= 1 RETURNING total - reserved - sold AS free;
                INSERT INTO reservation (id, tier_id, campaign_id, backer_id, quantity, status, strategy, queue_id, created_at, expires_at, waitlist_entry_id) VALUES (gen_random_uuid(), '%1$s', '%2$s', 'pgbench-' || :n || '-' || :client_id, 1, 'active', 'soft', NULL, now(), now() + make_interval(secs => 660), NULL) ON CONFLICT (tier_id, backer_id) WHERE status = 'active' DO NOTHING RETURNING id;
                \\set agg random(1, 2000000000)
                WITH v AS (INSERT INTO aggregate_versions AS a (aggregate_id, version) VALUES ('pgbench-' || :agg || '-' || :client_id, 1) ON CONFLICT (aggregate_id) DO UPDATE SET version = a.version + 1 RETURNING version) INSERT INTO outbox (event_id, subject, event_type, aggregate_id, aggregate_version, envelope, occurred_at) SELECT gen_random_uuid(), 'reservation.created', 'crowdfund.events.v1.ReservationCreated', 'pgbench-' || :agg || '-' || :client_id, v.version, decode(repeat('ab', 230), 'hex'), now() FROM v;
                END;
                """.formatted(tier.tierId(), tier.campaignId()), StandardCharsets.UTF_8);
        URI db = URI.create(ReservationHarness.databaseUrl().substring("jdbc:".length()));
        String database = db.getPath().substring(1).split("\\?")[0];
        List<String> command = List.of(pgbench(), "-h", db.getHost(), "-p", String.valueOf(db.getPort()),
                "-U", "postgres", "-n", "-c", String.valueOf(callers), "-j", "2",
                "-T", String.valueOf(MEASURE.toSeconds()), "-f", script.toString(), "-l", "--log-prefix",
                dir.resolve("tx").toString(), database);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
        assertThat(tps.find()).as(output).isTrue();
        long[] latencies;
        try (Stream<Path> logs = Files.list(dir)) {
            latencies = logs.filter(p -> p.getFileName().toString().startsWith("tx"))
                    .flatMap(ReserveBenchmark::lines)
                    .mapToLong(line -> Long.parseLong(line.split(" ")[2]) * 1000)
                    .sorted().toArray();
        }
        Counters c = ReservationHarness.counters(tier);
        assertThat(ReservationHarness.rowCounts(tier).reserved()).isEqualTo(c.reserved());
        LOG.info("pgbench {}:\n{}", callers, output);
        return new Result("pgbench, same SQL, one tx per request", callers, latencies.length,
                Double.parseDouble(tps.group(1)), percentile(latencies, 0.50), percentile(latencies, 0.99),
                "pgbench -c " + callers + " -j 2 -T " + MEASURE.toSeconds());
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pgbench() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/lib/postgresql/15/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pgbench"))) {
                return Path.of(dir, "pgbench").toString();
            }
        }
        throw new IllegalStateException("pgbench is not installed (apt-get install postgresql-client)");
    }
}
