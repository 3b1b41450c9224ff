package org.crowdfund.platform.events;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.proto.events.v1.EventEnvelope;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.crowdfund.platform.grpc.ProtoTime;

/**
 * Records an event in the same transaction as the change it describes (MANDATORY: calling it
 * outside a transaction is a bug). Append after the aggregate's row has been updated, so the row
 * lock orders the outbox ids of one aggregate the same way as the changes themselves.
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

    /**
     * @param subject     subject relative to the configured prefix, one of {@link EventSubjects}
     * @param aggregateId the aggregate the event is about (the envelope's subject)
     * @return the new event's id
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public UUID append(String subject, String aggregateId, Message event) {
        UUID eventId = Ids.newId();
        Instant now = clock.instant();
        String type = event.getDescriptorForType().getFullName();
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId(eventId.toString())
                .setEventType(type)
                .setSource(source)
                .setOccurredAt(ProtoTime.timestamp(now))
                .setSubject(aggregateId)
                .setData(Any.pack(event))
                .build();
        sql.update("""
                INSERT INTO outbox (event_id, subject, event_type, aggregate_id, envelope, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?)""", eventId, subject, type, aggregateId, envelope.toByteArray(), now);
        return eventId;
    }
}
