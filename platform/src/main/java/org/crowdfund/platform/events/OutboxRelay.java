package org.crowdfund.platform.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to JetStream in id order, with {@code Nats-Msg-Id} = event id,
 * and marks them published. Several replicas may run it: a transaction-scoped advisory lock lets
 * one relay at a time work, so per-aggregate order holds; the others skip the round. A failed
 * publish stops the batch (later events of the same aggregate must not overtake it) and the
 * relay backs off up to {@link #MAX_BACKOFF} before trying again. A crash after publishing but
 * before marking re-publishes the same ids, which the broker's duplicate window and the
 * consumers' inbox absorb.
 */
@Singleton
@Requires(property = "datasources.default.url")
@Requires(property = "crowdfund.events.relay.enabled", notEquals = "false")
public class OutboxRelay {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK_KEY = 0x0cf_0075_0b0cL;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final TransactionOperations<Connection> tx;
    private final Sql sql;
    private final NatsConnections nats;
    private final EventsConfiguration config;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong pending = new AtomicLong();
    private long backoffUntil;
    private Duration backoff = Duration.ZERO;

    public OutboxRelay(TransactionOperations<Connection> tx, Sql sql, NatsConnections nats,
                       EventsConfiguration config, MeterRegistry meters) {
        this.tx = tx;
        this.sql = sql;
        this.nats = nats;
        this.config = config;
        this.published = meters.counter("outbox.published");
        this.failures = meters.counter("outbox.publish.failures");
        Gauge.builder("outbox.pending", pending, AtomicLong::get).register(meters);
    }

    @Scheduled(fixedDelay = "${crowdfund.events.relay-interval:100ms}", initialDelay = "1s")
    void tick() {
        try {
            int sent;
            do {
                sent = relayOnce();
            } while (sent == config.getRelayBatchSize());
        } catch (RuntimeException e) {
            LOG.warn("outbox relay round failed: {}", e.getMessage());
        }
    }

    /** One round: publishes up to a batch of unpublished events; returns how many were published. */
    public synchronized int relayOnce() {
        if (System.nanoTime() < backoffUntil) {
            return 0;
        }
        Optional<JetStream> jetStream = nats.jetStream();
        if (jetStream.isEmpty()) {
            countPending();
            return 0;
        }
        int sent = tx.executeWrite(status -> publishBatch(jetStream.get()));
        if (sent > 0) {
            countPending();
        }
        return sent;
    }

    private int publishBatch(JetStream js) {
        boolean leader = sql.one("SELECT pg_try_advisory_xact_lock(?) AS locked",
                rs -> rs.getBoolean("locked"), RELAY_LOCK_KEY).orElse(false);
        if (!leader) {
            return 0;
        }
        List<Row> rows = sql.query("""
                SELECT id, event_id, subject, event_type, aggregate_id, envelope, occurred_at
                FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""",
                rs -> new Row(rs.getLong("id"), Sql.uuid(rs, "event_id"), rs.getString("subject"),
                        rs.getString("event_type"), rs.getString("aggregate_id"), rs.getBytes("envelope"),
                        Sql.instant(rs, "occurred_at").toString()),
                config.getRelayBatchSize());
        List<Long> done = new ArrayList<>(rows.size());
        for (Row row : rows) {
            try {
                js.publish(config.subject(row.subject()), headers(row), row.envelope(),
                        PublishOptions.builder().messageId(row.eventId().toString())
                                .expectedStream(config.getStream()).build());
                done.add(row.id());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failures.increment();
                sql.update("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                        String.valueOf(e.getMessage()), row.id());
                backOff(e);
                break;
            }
        }
        if (!done.isEmpty()) {
            sql.update("UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY(?)",
                    longArray(done));
            published.increment(done.size());
            backoff = Duration.ZERO;
        }
        return done.size();
    }

    private void backOff(Exception e) {
        backoff = backoff.isZero() ? Duration.ofMillis(200) : backoff.multipliedBy(2);
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        backoffUntil = System.nanoTime() + backoff.toNanos();
        LOG.warn("publishing to NATS failed ({}); retrying in {} ms", e.getMessage(), backoff.toMillis());
    }

    /** Deletes published events older than the retention; unpublished ones are never deleted. */
    @Scheduled(fixedDelay = "1h", initialDelay = "1m")
    void purgePublished() {
        tx.executeWrite(status -> sql.update(
                "DELETE FROM outbox WHERE published_at < now() - make_interval(secs => ?)",
                (double) config.getRetention().toSeconds()));
    }

    private void countPending() {
        tx.executeRead(status -> {
            pending.set(sql.one("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL",
                    rs -> rs.getLong("n")).orElse(0L));
            return null;
        });
    }

    private Object longArray(List<Long> ids) {
        try {
            return sql.connection().createArrayOf("bigint", ids.toArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Headers headers(Row row) {
        return new Headers()
                .add("ce-specversion", "1.0")
                .add("ce-id", row.eventId().toString())
                .add("ce-type", row.eventType())
                .add("ce-source", nats.source())
                .add("ce-time", row.occurredAt())
                .add("ce-subject", row.aggregateId())
                .add("content-type", "application/protobuf");
    }

    private record Row(long id, UUID eventId, String subject, String eventType, String aggregateId,
                       byte[] envelope, String occurredAt) {
    }
}
