package org.crowdfund.platform.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import jakarta.inject.Singleton;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to JetStream ({@code Nats-Msg-Id} = event id) and marks them
 * published. A round has three steps, none of which holds a lock while waiting for NATS:
 * <ol>
 * <li><b>claim</b> (a short transaction): up to a batch of the oldest publishable rows get a
 * lease ({@code claimed_until}). An aggregate is publishable while none of its unpublished rows
 * is claimed by a relay, waiting to be retried or parked; claims take the oldest rows first, so
 * what is claimed of an aggregate is always a prefix of its unpublished rows and nothing later
 * can overtake it. Claims are taken one relay at a time (a transaction-scoped advisory lock
 * held for the few milliseconds of the claim), so two relays never hold rows of one aggregate at
 * once and each aggregate's order holds while several relays publish in parallel;</li>
 * <li><b>publish</b> asynchronously in waves: the first claimed row of every aggregate at once,
 * then the second, ... so rows of different aggregates are in flight together while a row is
 * sent only after the previous one of its aggregate was acknowledged (a failed row can never be
 * overtaken by a later one of its aggregate);</li>
 * <li><b>mark</b> (a short transaction): acknowledged rows are published; the others go back.</li>
 * </ol>
 * A row that the broker or client refuses for itself (too large, a subject no stream takes) is
 * retried with growing delays and, after {@code relay-max-attempts}, <b>parked</b>: counted in
 * {@code outbox.parked}, logged with its id, and left alone until an operator runs
 * {@code SELECT outbox_retry_parked(...)}. Later events of the parked row's aggregate wait behind
 * it (their order is kept); every other aggregate keeps flowing. A broker that is away or slow
 * (no ack, connection lost) is not the row's fault: nothing is counted and the relay backs off.
 * A crash after publishing but before marking re-publishes the same event ids once the lease
 * expires, which the broker's duplicate window and the consumers' inbox absorb.
 */
@Singleton
@Requires(property = "datasources.default.url")
@Requires(property = "crowdfund.events.relay.enabled", notEquals = "false")
public class OutboxRelay {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long CLAIM_LOCK_KEY = 0x0cf_0075_0b0cL;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration MAX_ROW_DELAY = Duration.ofMinutes(1);

    private final Transactions tx;
    private final Sql sql;
    private final NatsConnections nats;
    private final EventsConfiguration config;
    private final String relayId = "relay-" + Ids.newId();
    private final Counter published;
    private final Counter failures;
    private final Counter parkings;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final Counter failedRounds;
    private long backoffUntil;
    private Duration backoff = Duration.ZERO;

    public OutboxRelay(Transactions tx, Sql sql, NatsConnections nats, EventsConfiguration config, MeterRegistry meters) {
        this.tx = tx;
        this.sql = sql;
        this.nats = nats;
        this.config = config;
        this.published = meters.counter("outbox.published");
        this.failures = meters.counter("outbox.publish.failures");
        this.parkings = meters.counter("outbox.parkings");
        this.failedRounds = meters.counter("outbox.relay.rounds.failed");
        Gauge.builder("outbox.pending", pending, AtomicLong::get).register(meters);
        Gauge.builder("outbox.parked", parked, AtomicLong::get)
                .description("outbox rows the relay gave up on; retry with SELECT outbox_retry_parked()")
                .register(meters);
    }

    @Scheduled(fixedDelay = "${crowdfund.events.relay-interval:100ms}", initialDelay = "1s")
    void tick() {
        try {
            int claimed;
            do {
                claimed = relayOnce();
            } while (claimed == config.getRelayBatchSize());
            countPending();
        } catch (RuntimeException e) {
            failedRounds.increment();
            LOG.warn("outbox relay round failed: {}", e.toString());
        }
    }

    /** One round: claims up to a batch, publishes it and marks the outcome; returns the rows claimed. */
    public synchronized int relayOnce() {
        if (System.nanoTime() < backoffUntil) {
            return 0;
        }
        Optional<JetStream> jetStream = nats.jetStream();
        if (jetStream.isEmpty()) {
            return 0;
        }
        List<Row> rows = claim();
        if (rows.isEmpty()) {
            return 0;
        }
        record(publish(jetStream.get(), rows));
        return rows.size();
    }

    private List<Row> claim() {
        return tx.write(() -> {
            sql.one("SELECT pg_advisory_xact_lock(?)::text AS locked", rs -> rs.getString("locked"), CLAIM_LOCK_KEY);
            List<Row> rows = new ArrayList<>(sql.query("""
                    WITH blocked AS (
                        SELECT DISTINCT aggregate_id FROM outbox
                        WHERE published_at IS NULL AND (parked_at IS NOT NULL OR claimed_until >= now()))
                    UPDATE outbox o SET claimed_until = now() + make_interval(secs => ?), claimed_by = ?
                    WHERE o.id = ANY(ARRAY(
                        SELECT c.id FROM outbox c
                        WHERE c.published_at IS NULL AND c.parked_at IS NULL
                          AND (c.claimed_until IS NULL OR c.claimed_until < now())
                          AND NOT EXISTS (SELECT 1 FROM blocked b WHERE b.aggregate_id = c.aggregate_id)
                        ORDER BY c.id LIMIT ?))
                    RETURNING o.id, o.event_id, o.subject, o.event_type, o.aggregate_id, o.aggregate_version,
                              o.envelope, o.occurred_at, o.attempts""",
                    rs -> new Row(rs.getLong("id"), Sql.uuid(rs, "event_id"), rs.getString("subject"),
                            rs.getString("event_type"), rs.getString("aggregate_id"),
                            rs.getObject("aggregate_version", Long.class), rs.getBytes("envelope"),
                            Sql.instant(rs, "occurred_at").toString(), rs.getInt("attempts")),
                    (double) config.getRelayClaimLease().toMillis() / 1000.0, relayId, config.getRelayBatchSize()));
            rows.sort((a, b) -> Long.compare(a.id(), b.id()));
            return rows;
        });
    }

    /** Waves of asynchronous publishes: the n-th claimed row of every aggregate in wave n. */
    private Outcome publish(JetStream js, List<Row> rows) {
        Map<String, Deque<Row>> byAggregate = new LinkedHashMap<>();
        for (Row row : rows) {
            byAggregate.computeIfAbsent(row.aggregateId(), a -> new ArrayDeque<>()).add(row);
        }
        Outcome outcome = new Outcome();
        long waitNanos = config.getRelayAckTimeout().toNanos();
        while (!byAggregate.isEmpty()) {
            Map<Row, CompletableFuture<PublishAck>> wave = new LinkedHashMap<>();
            for (Deque<Row> queue : byAggregate.values()) {
                Row row = queue.peekFirst();
                wave.put(row, send(js, row));
            }
            long deadline = System.nanoTime() + waitNanos;
            for (Map.Entry<Row, CompletableFuture<PublishAck>> sent : wave.entrySet()) {
                Row row = sent.getKey();
                Deque<Row> queue = byAggregate.get(row.aggregateId());
                try {
                    sent.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    outcome.acked.add(row.id());
                    queue.removeFirst();
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    if (refusedForItself(cause)) {
                        outcome.refused.put(row, String.valueOf(cause.getMessage()));
                    } else {
                        outcome.outage = cause;
                        outcome.untried.add(row.id());
                    }
                    queue.removeFirst();
                    queue.forEach(later -> outcome.untried.add(later.id()));
                    queue.clear();
                }
            }
            for (Iterator<Deque<Row>> it = byAggregate.values().iterator(); it.hasNext(); ) {
                if (it.next().isEmpty()) {
                    it.remove();
                }
            }
            if (outcome.outage != null) {
                // The broker went away: what was not sent yet goes back untouched.
                byAggregate.values().forEach(q -> q.forEach(later -> outcome.untried.add(later.id())));
                break;
            }
        }
        return outcome;
    }

    private CompletableFuture<PublishAck> send(JetStream js, Row row) {
        try {
            return js.publishAsync(config.subject(row.subject()), headers(row), body(row),
                    PublishOptions.builder().messageId(row.eventId().toString())
                            .expectedStream(config.getStream()).build());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The client refused the message itself (payload over the server's limit, invalid subject) or
     * the server answered with an error for it: retrying will not help without a fix. Timeouts,
     * I/O errors and "no stream available" describe the broker and are nobody's row's fault.
     */
    private static boolean refusedForItself(Throwable cause) {
        return cause instanceof IllegalArgumentException || cause instanceof JetStreamApiException;
    }

    private void record(Outcome outcome) {
        tx.run(() -> {
            if (!outcome.acked.isEmpty()) {
                sql.update("""
                        UPDATE outbox SET published_at = now(), attempts = attempts + 1, claimed_until = NULL,
                                          claimed_by = NULL
                        WHERE id = ANY(?)""", sql.longArray(outcome.acked));
            }
            if (!outcome.untried.isEmpty()) {
                sql.update("UPDATE outbox SET claimed_until = NULL, claimed_by = NULL WHERE id = ANY(?) AND published_at IS NULL",
                        sql.longArray(outcome.untried));
            }
            outcome.refused.forEach(this::recordRefusal);
        });
        if (!outcome.acked.isEmpty()) {
            published.increment(outcome.acked.size());
        }
        if (!outcome.refused.isEmpty()) {
            failures.increment(outcome.refused.size());
        }
        if (outcome.outage != null) {
            backOff(outcome.outage);
        } else if (!outcome.acked.isEmpty()) {
            backoff = Duration.ZERO;
        }
    }

    /** Counts an attempt; retries later (exponential delay) or parks the row after the last attempt. */
    private void recordRefusal(Row row, String error) {
        int attempts = row.attempts() + 1;
        boolean park = attempts >= config.getRelayMaxAttempts();
        long delayMs = Math.min(MAX_ROW_DELAY.toMillis(), 100L << Math.min(attempts, 20));
        sql.update("""
                UPDATE outbox SET attempts = ?, last_error = ?, claimed_by = NULL,
                                  claimed_until = CASE WHEN ? THEN NULL ELSE now() + make_interval(secs => ?) END,
                                  parked_at = CASE WHEN ? THEN now() END
                WHERE id = ?""", attempts, error, park, delayMs / 1000.0, park, row.id());
        if (park) {
            tx.afterCommit(parkings::increment);
            LOG.error("outbox row {} (event {}, {} of aggregate {}) parked after {} attempts: {}. Later events of "
                            + "that aggregate wait behind it; others go on. Retry once fixed: SELECT outbox_retry_parked(ARRAY[{}])",
                    row.id(), row.eventId(), row.subject(), row.aggregateId(), attempts, error, row.id());
        } else {
            LOG.warn("outbox row {} (event {}) refused ({}), attempt {} of {}; retrying in {} ms", row.id(),
                    row.eventId(), error, attempts, config.getRelayMaxAttempts(), delayMs);
        }
    }

    private void backOff(Throwable e) {
        backoff = backoff.isZero() ? Duration.ofMillis(200) : backoff.multipliedBy(2);
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        backoffUntil = System.nanoTime() + backoff.toNanos();
        LOG.warn("publishing to NATS failed ({}); retrying in {} ms", e.toString(), backoff.toMillis());
    }

    /** Deletes published events older than the retention; unpublished ones are never deleted. */
    @Scheduled(fixedDelay = "1h", initialDelay = "1m")
    void purgePublished() {
        tx.run(() -> sql.update("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => ?)",
                (double) config.getRetention().toSeconds()));
    }

    private void countPending() {
        long[] counts = tx.read(() -> sql.one("""
                SELECT count(*) FILTER (WHERE parked_at IS NULL) AS pending,
                       count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked
                FROM outbox WHERE published_at IS NULL""", rs -> new long[] {rs.getLong("pending"), rs.getLong("parked")})
                .orElseThrow());
        pending.set(counts[0]);
        parked.set(counts[1]);
    }

    private byte[] body(Row row) {
        if (row.aggregateVersion() == null) {
            return row.envelope();
        }
        try {
            return EventEnvelope.parseFrom(row.envelope()).toBuilder()
                    .setAggregateVersion(row.aggregateVersion()).build().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("outbox row " + row.id() + " holds no valid envelope", e);
        }
    }

    private Headers headers(Row row) {
        Headers headers = new Headers()
                .add("ce-specversion", "1.0")
                .add("ce-id", row.eventId().toString())
                .add("ce-type", row.eventType())
                .add("ce-source", nats.source())
                .add("ce-time", row.occurredAt())
                .add("ce-subject", row.aggregateId())
                .add("content-type", "application/protobuf");
        if (row.aggregateVersion() != null) {
            headers.add("crowdfund-aggregate-version", row.aggregateVersion().toString());
        }
        return headers;
    }

    private record Row(long id, UUID eventId, String subject, String eventType, String aggregateId,
                       Long aggregateVersion, byte[] envelope, String occurredAt, int attempts) {
    }

    /** What became of a round's claimed rows. */
    private static final class Outcome {
        final List<Long> acked = new ArrayList<>();
        final Map<Row, String> refused = new LinkedHashMap<>();
        final List<Long> untried = new ArrayList<>();
        Throwable outage;
    }
}
