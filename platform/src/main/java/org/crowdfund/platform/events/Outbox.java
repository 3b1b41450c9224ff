package org.crowdfund.platform.events;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.proto.events.v1.EventEnvelope;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Records events in the same transaction as the change they describe (MANDATORY: calling it
 * outside a transaction is a bug). Each event gets its aggregate's next version in the same
 * statement (an upsert of {@code aggregate_versions}); that row's lock also orders one
 * aggregate's appends, so outbox ids and versions agree. The relay stamps the version on the
 * envelope it publishes ({@link EventEnvelope#getAggregateVersion()}).
 */
@Singleton
@Requires(property = "datasources.default.url")
public class Outbox {
    private final Sql sql;
    private final Clock clock;
    private final String source;

    public Outbox(Sql sql, Clock clock, @Value("${micronaut.application.name:crowdfund}") String source) {
        this.sql = sql;
        this.clock = clock;
        this.source = source;
    }

    /** One event to append: its subject (one of {@code EventSubjects}), aggregate and message. */
    public record Entry(String subject, String aggregateId, Message event) {
    }

    /**
     * @param subject     subject relative to the configured prefix, one of
     *                    {@link org.crowdfund.proto.events.v1.EventSubjects}
     * @param aggregateId the aggregate the event is about (the envelope's subject)
     * @return the new event's id
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public UUID append(String subject, String aggregateId, Message event) {
        UUID eventId = Ids.newId();
        Instant now = clock.instant();
        String type = event.getDescriptorForType().getFullName();
        sql.update("""
                WITH v AS (
                    INSERT INTO aggregate_versions AS a (aggregate_id, version) VALUES (?, 1)
                    ON CONFLICT (aggregate_id) DO UPDATE SET version = a.version + 1
                    RETURNING version)
                INSERT INTO outbox (event_id, subject, event_type, aggregate_id, aggregate_version, envelope, occurred_at)
                SELECT ?, ?, ?, ?, v.version, ?, ? FROM v""",
                aggregateId, eventId, subject, type, aggregateId, envelope(eventId, type, aggregateId, event, now), now);
        return eventId;
    }

    /**
     * Appends many events with one statement, in list order (which is also their version order
     * within each aggregate): a batch of changes pays one round trip, not one per event.
     *
     * @return the new events' ids, in the order of {@code entries}
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public List<UUID> appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        if (entries.size() == 1) {
            Entry only = entries.get(0);
            return List.of(append(only.subject(), only.aggregateId(), only.event()));
        }
        Instant now = clock.instant();
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        int n = entries.size();
        UUID[] ids = new UUID[n];
        String[] subjects = new String[n];
        String[] types = new String[n];
        String[] aggregates = new String[n];
        byte[][] envelopes = new byte[n][];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Integer[] ordinals = new Integer[n];
        // Sorted, so two batches touching the same aggregates lock their version rows in one order.
        Map<String, Integer> perAggregate = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            ids[i] = Ids.newId();
            subjects[i] = e.subject();
            types[i] = e.event().getDescriptorForType().getFullName();
            aggregates[i] = e.aggregateId();
            envelopes[i] = envelope(ids[i], types[i], e.aggregateId(), e.event(), now);
            times[i] = at;
            ordinals[i] = perAggregate.merge(e.aggregateId(), 1, Integer::sum);
        }
        Connection c = sql.connection();
        try {
            sql.update("""
                    WITH counts AS (
                        SELECT * FROM unnest(?::text[], ?::int[]) AS c(aggregate_id, n)),
                    v AS (
                        INSERT INTO aggregate_versions AS a (aggregate_id, version)
                        SELECT aggregate_id, n FROM counts ORDER BY aggregate_id
                        ON CONFLICT (aggregate_id) DO UPDATE SET version = a.version + EXCLUDED.version
                        RETURNING a.aggregate_id, a.version),
                    e AS (
                        SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bytea[], ?::timestamptz[], ?::int[])
                            WITH ORDINALITY AS e(event_id, subject, event_type, aggregate_id, envelope, occurred_at, k, ord))
                    INSERT INTO outbox (event_id, subject, event_type, aggregate_id, aggregate_version, envelope, occurred_at)
                    SELECT e.event_id, e.subject, e.event_type, e.aggregate_id, v.version - counts.n + e.k, e.envelope, e.occurred_at
                    FROM e JOIN v USING (aggregate_id) JOIN counts USING (aggregate_id)
                    ORDER BY e.ord""",
                    c.createArrayOf("text", perAggregate.keySet().toArray()),
                    c.createArrayOf("integer", perAggregate.values().toArray()),
                    c.createArrayOf("uuid", ids), c.createArrayOf("text", subjects), c.createArrayOf("text", types),
                    c.createArrayOf("text", aggregates), c.createArrayOf("bytea", envelopes),
                    c.createArrayOf("timestamptz", times), c.createArrayOf("integer", ordinals));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the outbox batch", e);
        }
        List<UUID> result = new ArrayList<>(n);
        for (UUID id : ids) {
            result.add(id);
        }
        return result;
    }

    private byte[] envelope(UUID eventId, String type, String aggregateId, Message event, Instant now) {
        return EventEnvelope.newBuilder()
                .setEventId(eventId.toString())
                .setEventType(type)
                .setSource(source)
                .setOccurredAt(ProtoTime.timestamp(now))
                .setSubject(aggregateId)
                .setData(Any.pack(event))
                .build().toByteArray();
    }
}
