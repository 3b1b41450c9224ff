package org.crowdfund.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import jakarta.inject.Singleton;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs every {@link EventHandler} bean as a durable JetStream pull consumer with explicit ack: a
 * thread per handler fetches batches, applies each message in a transaction with the inbox, acks
 * on success, naks with exponential back-off on failure, and after max-deliver attempts copies
 * the message to the dead-letter stream ({@code <prefix>_dlq.<durable>} in
 * {@code crowdfund.events.dead-letter-stream}, never back into the main stream) and terminates
 * it. Replicas share the durable consumer, so each message goes to one of them. A transaction
 * the database aborts (deadlock, serialization) is retried at once by {@link Transactions}.
 */
@Singleton
@Requires(property = "datasources.default.url")
@Requires(property = "crowdfund.events.consumers.enabled", notEquals = "false")
public class EventConsumers {
    private static final Logger LOG = LoggerFactory.getLogger(EventConsumers.class);

    private final List<EventHandler> handlers;
    private final NatsConnections nats;
    private final EventsConfiguration config;
    private final Transactions tx;
    private final Inbox inbox;
    private final MeterRegistry meters;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    public EventConsumers(List<EventHandler> handlers, NatsConnections nats, EventsConfiguration config,
                          Transactions tx, Inbox inbox, MeterRegistry meters) {
        this.handlers = handlers;
        this.nats = nats;
        this.config = config;
        this.tx = tx;
        this.inbox = inbox;
        this.meters = meters;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        for (EventHandler handler : handlers) {
            Thread thread = new Thread(() -> run(handler), "consumer-" + handler.durableName());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        stop();
    }

    public void stop() {
        stopped.countDown();
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(EventHandler handler) {
        JetStreamSubscription subscription = null;
        Duration retry = Duration.ofMillis(250);
        while (stopped.getCount() > 0) {
            try {
                if (subscription == null || !subscription.isActive()) {
                    subscription = subscribe(handler).orElse(null);
                    if (subscription == null) {
                        waitOrStop(retry);
                        continue;
                    }
                }
                List<Message> batch = subscription.fetch(config.getConsumerBatchSize(), Duration.ofMillis(500));
                for (Message message : batch) {
                    process(handler, message);
                }
                retry = Duration.ofMillis(250);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    return;
                }
                LOG.warn("consumer {} failed to fetch: {}", handler.durableName(), e.getMessage());
                subscription = null;
                retry = retry.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : retry.multipliedBy(2);
                waitOrStop(retry);
            }
        }
    }

    private Optional<JetStreamSubscription> subscribe(EventHandler handler) throws Exception {
        Optional<JetStream> js = nats.jetStream();
        if (js.isEmpty()) {
            return Optional.empty();
        }
        String filter = config.subject(handler.subjectFilter());
        ConsumerConfiguration consumer = ConsumerConfiguration.builder()
                .durable(handler.durableName())
                .filterSubject(filter)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(config.getAckWait())
                .maxDeliver(config.getMaxDeliver())
                .deliverPolicy(DeliverPolicy.All)
                .build();
        return Optional.of(js.get().subscribe(filter, PullSubscribeOptions.builder()
                .stream(config.getStream()).configuration(consumer).build()));
    }

    private void process(EventHandler handler, Message message) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.parseFrom(message.getData());
        } catch (Exception e) {
            deadLetter(handler, message, "unparseable envelope: " + e.getMessage());
            return;
        }
        try {
            UUID eventId = Ids.parse(envelope.getEventId())
                    .orElseThrow(() -> new IllegalArgumentException("event id is not a UUID: " + envelope.getEventId()));
            tx.write(() -> {
                if (inbox.firstDelivery(handler.durableName(), eventId)) {
                    try {
                        handler.handle(envelope);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new HandlerFailure(e);
                    }
                }
                return null;
            });
            message.ack();
            meters.counter("events.consumed", "consumer", handler.durableName(), "outcome", "ok").increment();
        } catch (RuntimeException e) {
            long delivered = message.metaData().deliveredCount();
            meters.counter("events.consumed", "consumer", handler.durableName(), "outcome", "failed").increment();
            if (delivered >= config.getMaxDeliver()) {
                deadLetter(handler, message, String.valueOf(e.getMessage()));
            } else {
                long delayMs = Math.min(EventsConfiguration.MAX_REDELIVERY_DELAY.toMillis(), 250L << Math.min(delivered, 10));
                LOG.warn("consumer {} failed on {} (delivery {}), retrying in {} ms: {}", handler.durableName(),
                        envelope.getEventType(), delivered, delayMs, e.getMessage());
                message.nakWithDelay(Duration.ofMillis(delayMs));
            }
        }
    }

    private void deadLetter(EventHandler handler, Message message, String error) {
        String subject = config.deadLetterSubject(handler.durableName());
        try {
            Headers headers = new Headers();
            if (message.getHeaders() != null) {
                // Nats-* headers stay behind: the original's Nats-Msg-Id would make the broker drop
                // this copy as a duplicate.
                message.getHeaders().forEach((k, v) -> {
                    if (!k.startsWith("Nats-")) {
                        headers.add(k, v);
                    }
                });
            }
            headers.put("crowdfund-error", error.length() > 1000 ? error.substring(0, 1000) : error);
            headers.put("crowdfund-original-subject", message.getSubject());
            nats.jetStream().orElseThrow().publish(subject, headers, message.getData(),
                    io.nats.client.PublishOptions.builder().expectedStream(config.getDeadLetterStream()).build());
            message.term();
            meters.counter("events.dead_lettered", "consumer", handler.durableName()).increment();
            LOG.error("consumer {} gave up on a message from {}; moved to {}: {}", handler.durableName(),
                    message.getSubject(), subject, error);
        } catch (Exception e) {
            LOG.error("consumer {} could not dead-letter a message; it will be redelivered: {}",
                    handler.durableName(), e.getMessage());
            message.nakWithDelay(Duration.ofSeconds(30));
        }
    }

    private void waitOrStop(Duration delay) {
        try {
            stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A checked exception from a handler, carried through the transaction callback. */
    static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}
