package org.crowdfund.notification;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.proto.events.v1.EventEnvelope;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts events onto the test stream exactly as the producing services' OutboxRelay does: an
 * EventEnvelope built as Outbox.append builds it, the relay's CloudEvents headers, and
 * Nats-Msg-Id = event id. Each aggregate's events get versions 1, 2, 3... in the order they are
 * published, as the outbox assigns them; tests that deliver events out of order give the versions
 * the producer would have given, and choose the occurred time, so they can deliver a pledge's
 * events out of order or the same event twice.
 */
final class EventPublisher implements AutoCloseable {
    private final Connection connection;
    private final JetStream js;
    private final String stream;
    private final String prefix;
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    EventPublisher(String natsUrl, String stream, String prefix) {
        try {
            this.connection = Nats.connect(natsUrl);
            this.js = connection.jetStream();
            JetStreamManagement jsm = connection.jetStreamManagement();
            try {
                jsm.getStreamInfo(stream);
            } catch (JetStreamApiException missing) {
                try {
                    jsm.addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".>")
                            .storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2)).build());
                } catch (JetStreamApiException raced) {
                    // the service created it meanwhile
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to NATS at " + natsUrl, e);
        }
        this.stream = stream;
        this.prefix = prefix;
    }

    static EventEnvelope envelope(String source, String aggregateId, Message event, Instant occurredAt, long version) {
        return EventEnvelope.newBuilder()
                .setEventId(Ids.newId().toString())
                .setEventType(event.getDescriptorForType().getFullName())
                .setSource(source)
                .setOccurredAt(ProtoTime.timestamp(occurredAt))
                .setSubject(aggregateId)
                .setData(Any.pack(event))
                .setAggregateVersion(version)
                .build();
    }

    /** Publishes as the relay does; returns the envelope (publish it again to simulate a redelivery). */
    EventEnvelope publish(String subject, String source, String aggregateId, Message event, Instant occurredAt) {
        return publish(subject, source, aggregateId, event, occurredAt,
                versions.computeIfAbsent(aggregateId, k -> new AtomicLong()).incrementAndGet());
    }

    /** Publishes an event its producer gave aggregate version {@code version} (out-of-order deliveries). */
    EventEnvelope publish(String subject, String source, String aggregateId, Message event, Instant occurredAt, long version) {
        EventEnvelope envelope = envelope(source, aggregateId, event, occurredAt, version);
        publish(subject, envelope, envelope.getEventId());
        return envelope;
    }

    /**
     * Publishes {@code envelope} under broker message id {@code messageId}: the event id normally;
     * another id stands for a relay re-publishing after the broker's duplicate window, which only
     * the consumer's inbox can absorb.
     */
    void publish(String subject, EventEnvelope envelope, String messageId) {
        try {
            js.publish(prefix + "." + subject, headers(envelope), envelope.toByteArray(),
                    PublishOptions.builder().messageId(messageId).expectedStream(stream).build());
        } catch (Exception e) {
            throw new IllegalStateException("publish to " + subject + " failed", e);
        }
    }

    /** Many events at once with asynchronous publishes (the relay's order is kept by one stream). */
    void publishAll(String subject, List<EventEnvelope> envelopes) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            acks.add(js.publishAsync(prefix + "." + subject, headers(envelope), envelope.toByteArray(),
                    PublishOptions.builder().messageId(envelope.getEventId()).expectedStream(stream).build()));
            if (acks.size() >= 2000) {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
                acks.clear();
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }

    /** OutboxRelay's header layout. */
    private static Headers headers(EventEnvelope e) {
        Headers headers = new Headers()
                .add("ce-specversion", "1.0")
                .add("ce-id", e.getEventId())
                .add("ce-type", e.getEventType())
                .add("ce-source", e.getSource())
                .add("ce-time", ProtoTime.instant(e.getOccurredAt()).toString())
                .add("ce-subject", e.getSubject())
                .add("content-type", "application/protobuf");
        if (e.getAggregateVersion() > 0) {
            headers.add("crowdfund-aggregate-version", String.valueOf(e.getAggregateVersion()));
        }
        return headers;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
