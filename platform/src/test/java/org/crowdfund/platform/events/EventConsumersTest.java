package org.crowdfund.platform.events;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import io.micronaut.context.ApplicationContext;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.testsupport.StreamReader;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Durable consumers with the inbox, against real NATS JetStream and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventConsumersTest {
    private ApplicationContext ctx;
    private Map<String, Object> events;
    private Connection nc;

    @BeforeAll
    void start() throws Exception {
        events = TestInfra.eventProperties(TestInfra.shortId());
        Map<String, Object> props = PlatformHarness.properties(TestInfra.freshDatabase("platform_inbox"), events);
        props.put("platform-test.counting-handler", "true");
        ctx = PlatformHarness.start(props);
        nc = Nats.connect(TestInfra.natsUrl());
    }

    @AfterAll
    void stop() throws InterruptedException {
        ctx.close();
        nc.close();
    }

    @Test
    void aRedeliveredEventHasNoSecondEffect() throws Exception {
        UUID eventId = Ids.newId();
        // Published twice under different message ids, as a relay crash before marking would do
        // after the broker's duplicate window: the broker keeps both, the inbox drops one.
        publish(eventId, "once", "first-copy");
        publish(eventId, "once", "second-copy");
        await().atMost(Duration.ofSeconds(20)).until(() -> inboxHas(eventId) && consumerCaughtUp());
        assertThat(effects(eventId)).isEqualTo(1);
    }

    @Test
    void aFailingHandlerIsRetriedAndItsEffectAppliedOnce() throws Exception {
        UUID eventId = Ids.newId();
        publish(eventId, "fail-twice", eventId.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxHas(eventId));
        assertThat(ctx.getBean(CountingHandler.class).attempts.get(eventId.toString()).get()).isEqualTo(3);
        assertThat(effects(eventId)).isEqualTo(1);
    }

    @Test
    void aMessageThatKeepsFailingGoesToTheDeadLetterStreamNotBackIntoTheMainOneAndHasNoEffect() throws Exception {
        UUID eventId = Ids.newId();
        publish(eventId, "always-fail", eventId.toString());
        String dlq = events.get("crowdfund.events.subject-prefix") + "_dlq.platform-test-counter";
        String dlqStream = events.get("crowdfund.events.stream") + "_DLQ";
        await().atMost(Duration.ofSeconds(30)).until(() -> StreamReader.all(TestInfra.natsUrl(), dlqStream).stream()
                .anyMatch(m -> m.getSubject().equals(dlq) && m.getHeaders().getFirst("ce-id").equals(eventId.toString())));
        assertThat(StreamReader.all(TestInfra.natsUrl(), (String) events.get("crowdfund.events.stream")))
                .noneMatch(m -> m.getSubject().contains("dlq"))
                .filteredOn(m -> eventId.toString().equals(m.getHeaders().getFirst("ce-id"))).hasSize(1);
        assertThat(effects(eventId)).isZero();
        assertThat(inboxHas(eventId)).isFalse();
    }

    @Test
    void inboxEntriesOlderThanTheRetentionAreForgottenAndNewerOnesKept() {
        UUID old = Ids.newId();
        UUID recent = Ids.newId();
        PlatformHarness.tx(ctx).executeWrite(status -> {
            PlatformHarness.sql(ctx).update("INSERT INTO inbox (consumer, event_id, processed_at) VALUES (?, ?, now() - interval '15 days')",
                    "purge-test", old);
            PlatformHarness.sql(ctx).update("INSERT INTO inbox (consumer, event_id, processed_at) VALUES (?, ?, now() - interval '13 days')",
                    "purge-test", recent);
            return null;
        });
        ctx.getBean(InboxPurge.class).purgeOnce();
        assertThat(inboxHas(old)).isFalse();
        assertThat(inboxHas(recent)).isTrue();
    }

    @Test
    void anInboxRetentionNotLongerThanTheRedeliveryAndDuplicateWindowsIsRefusedAtStartUp() {
        Map<String, Object> props = PlatformHarness.properties(TestInfra.freshDatabase("platform_inbox_short"), events);
        props.put("crowdfund.events.inbox-retention", "10m");
        assertThatThrownBy(() -> PlatformHarness.start(props).close())
                .hasStackTraceContaining("crowdfund.events.inbox-retention (PT10M) must be longer than");
    }

    private void publish(UUID eventId, String value, String messageId) throws Exception {
        JetStream js = nc.jetStream();
        EventEnvelope envelope = EventEnvelope.newBuilder().setEventId(eventId.toString())
                .setEventType("google.protobuf.StringValue").setSource("test").setSubject(value)
                .setData(Any.pack(StringValue.of(value))).build();
        ctx.getBean(NatsConnections.class).jetStream().orElseThrow();
        io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers().add("ce-id", eventId.toString());
        js.publish(events.get("crowdfund.events.subject-prefix") + ".test.thing", headers, envelope.toByteArray(),
                PublishOptions.builder().messageId(messageId).build());
    }

    private boolean inboxHas(UUID eventId) {
        return PlatformHarness.tx(ctx).executeRead(status -> PlatformHarness.sql(ctx).one(
                "SELECT count(*) AS n FROM inbox WHERE event_id = ?", rs -> rs.getLong("n"), eventId).orElseThrow()) == 1;
    }

    private long effects(UUID eventId) {
        return PlatformHarness.tx(ctx).executeRead(status -> PlatformHarness.sql(ctx).one(
                "SELECT count(*) AS n FROM widget_effect WHERE event_id = ?", rs -> rs.getLong("n"), eventId).orElseThrow());
    }

    private boolean consumerCaughtUp() throws Exception {
        var info = nc.jetStreamManagement().getConsumerInfo((String) events.get("crowdfund.events.stream"),
                "platform-test-counter");
        return info.getNumPending() == 0 && info.getNumAckPending() == 0;
    }
}
