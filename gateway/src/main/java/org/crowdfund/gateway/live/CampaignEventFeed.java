package org.crowdfund.gateway.live;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micronaut.scheduling.annotation.Scheduled;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.crowdfund.platform.events.EventsConfiguration;
import org.crowdfund.platform.events.NatsConnections;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The platform's events, as campaign pages watch them: one ordered, ephemeral JetStream consumer
 * per gateway process on every subject of the configured stream and prefix, starting with the
 * events published from now on (a page reads the current state over REST and follows changes from
 * here). Each event that pages show ({@link LiveEvents}) goes to the listeners of its campaign.
 *
 * <p>An ordered consumer has no acks and no server-side state worth keeping: every gateway
 * replica gets its own and sees every event. jnats recreates it after a gap or a reconnect; when
 * NATS cannot be reached at start, {@link #ensureSubscribed()} tries again every few seconds.
 */
@Singleton
public class CampaignEventFeed {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignEventFeed.class);

    private final NatsConnections nats;
    private final EventsConfiguration config;
    private final Map<String, Set<Consumer<LiveEvent>>> listeners = new ConcurrentHashMap<>();
    private Dispatcher dispatcher;
    private JetStreamSubscription subscription;

    public CampaignEventFeed(NatsConnections nats, EventsConfiguration config) {
        this.nats = nats;
        this.config = config;
    }

    /** Starts delivering the campaign's live events to {@code listener}; the returned action stops it. */
    public Runnable listen(String campaignId, Consumer<LiveEvent> listener) {
        listeners.computeIfAbsent(campaignId, id -> new CopyOnWriteArraySet<>()).add(listener);
        return () -> listeners.computeIfPresent(campaignId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Pages of the campaign open on this gateway now. */
    public int listening(String campaignId) {
        Set<Consumer<LiveEvent>> watching = listeners.get(campaignId);
        return watching == null ? 0 : watching.size();
    }

    public synchronized boolean subscribed() {
        return subscription != null && subscription.isActive();
    }

    @Scheduled(fixedDelay = "${crowdfund.live.subscribe-retry:3s}", initialDelay = "0s")
    synchronized void ensureSubscribed() {
        if (subscription != null) {
            return;
        }
        Connection connection = nats.connection().orElse(null);
        if (connection == null) {
            return;
        }
        try {
            dispatcher = connection.createDispatcher();
            PushSubscribeOptions options = PushSubscribeOptions.builder()
                    .stream(config.getStream())
                    .ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build())
                    .build();
            subscription = connection.jetStream().subscribe(config.getSubjectPrefix() + ".>", dispatcher, this::deliver, false, options);
            LOG.info("following events on {}.> of stream {} for live pages", config.getSubjectPrefix(), config.getStream());
        } catch (Exception e) {
            // most often the stream does not exist yet: the first service to publish creates it
            LOG.warn("cannot follow stream {} yet ({}); retrying", config.getStream(), e.getMessage());
            if (dispatcher != null) {
                connection.closeDispatcher(dispatcher);
                dispatcher = null;
            }
        }
    }

    private void deliver(Message message) {
        if (listeners.isEmpty()) {
            return;
        }
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.parseFrom(message.getData());
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("not an event envelope on {}", message.getSubject());
            return;
        }
        long sequence = message.metaData().streamSequence();
        LiveEvents.from(envelope.getData(), sequence).ifPresent(event -> {
            Set<Consumer<LiveEvent>> watching = listeners.get(event.campaignId());
            if (watching != null) {
                watching.forEach(listener -> listener.accept(event));
            }
        });
    }

    @PreDestroy
    synchronized void stop() {
        if (subscription != null) {
            try {
                subscription.unsubscribe();
            } catch (IllegalStateException alreadyClosed) {
                // the connection closed first
            }
            subscription = null;
        }
    }
}
