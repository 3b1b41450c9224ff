package org.crowdfund.platform.events;

import com.google.protobuf.StringValue;
import io.micronaut.context.ApplicationContext;
import io.nats.client.api.MessageInfo;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.testsupport.NatsProcess;
import org.crowdfund.testsupport.StreamReader;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The outbox against real PostgreSQL and a real nats-server that the tests stop and start. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxRelayTest {
    private NatsProcess nats;
    private String jdbcUrl;
    private Map<String, Object> events;
    private ApplicationContext relayA;
    private ApplicationContext relayB;

    @BeforeAll
    void start() {
        nats = NatsProcess.start();
        jdbcUrl = TestInfra.freshDatabase("platform_outbox");
        events = TestInfra.eventProperties(TestInfra.shortId());
        events.put("crowdfund.events.nats-url", nats.url());
        relayA = PlatformHarness.start(PlatformHarness.properties(jdbcUrl, events));
        relayB = PlatformHarness.start(PlatformHarness.properties(jdbcUrl, events));
    }

    @AfterAll
    void stop() {
        relayB.close();
        relayA.close();
        nats.close();
    }

    @Test
    void aCommittedChangePublishesExactlyOneMessageAndARolledBackOneNone() {
        String committed = "w-" + UUID.randomUUID();
        String rolledBack = "w-" + UUID.randomUUID();
        UUID eventId = saveWidget(relayA, committed);
        assertThatThrownBy(() -> PlatformHarness.tx(relayA).executeWrite(status -> {
            PlatformHarness.sql(relayA).update("INSERT INTO widget (id, name) VALUES (?, ?)", rolledBack, "x");
            relayA.getBean(Outbox.class).append("test.widget_saved", rolledBack, StringValue.of(rolledBack));
            throw new IllegalStateException("business rule failed after the event was appended");
        })).isInstanceOf(IllegalStateException.class);

        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(committed).size() == 1);
        saveWidget(relayA, "w-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(20)).until(() -> unpublished() == 0);

        List<MessageInfo> forCommitted = messagesFor(committed);
        assertThat(forCommitted).hasSize(1);
        assertThat(forCommitted.get(0).getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(eventId.toString());
        assertThat(forCommitted.get(0).getHeaders().getFirst("ce-id")).isEqualTo(eventId.toString());
        assertThat(forCommitted.get(0).getHeaders().getFirst("ce-type")).isEqualTo("google.protobuf.StringValue");
        assertThat(messagesFor(rolledBack)).isEmpty();
    }

    @Test
    void appendingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> relayA.getBean(Outbox.class).append("test.widget_saved", "w", StringValue.of("w")))
                .hasMessageContaining("transaction");
    }

    @Test
    void changesCommitWhileNatsIsDownAndTheirEventsArriveWhenItIsBack() {
        nats.kill();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                String id = "down-" + i + "-" + UUID.randomUUID();
                saveWidget(relayA, id);
                ids.add(id);
            }
            long saved = PlatformHarness.tx(relayA).executeRead(status -> PlatformHarness.sql(relayA).one(
                    "SELECT count(*) AS n FROM widget WHERE id = ANY(?)", rs -> rs.getLong("n"),
                    (Object) ids.toArray(String[]::new)).orElseThrow());
            assertThat(saved).isEqualTo(5L);
            assertThat(unpublished()).isGreaterThanOrEqualTo(5);
        } finally {
            nats.resume();
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> ids.stream().allMatch(id -> messagesFor(id).size() == 1));
        assertThat(ids).allSatisfy(id -> assertThat(messagesFor(id)).hasSize(1));
    }

    @Test
    void twoRelaysPublishEveryEventOnceAndKeepEachAggregatesOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int aggregates = 8;
        int perAggregate = 25;
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int a = 0; a < aggregates; a++) {
            String aggregate = "agg-" + run + "-" + a;
            ApplicationContext writer = a % 2 == 0 ? relayA : relayB;
            done.add(writers.submit(() -> {
                for (int seq = 0; seq < perAggregate; seq++) {
                    int n = seq;
                    PlatformHarness.tx(writer).executeWrite(status -> writer.getBean(Outbox.class)
                            .append("test.counted", aggregate, StringValue.of(aggregate + "#" + n)));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished() == 0);

        List<String> payloads = Collections.synchronizedList(new ArrayList<>());
        for (MessageInfo m : StreamReader.all(nats.url(), (String) events.get("crowdfund.events.stream"))) {
            EventEnvelope envelope = EventEnvelope.parseFrom(m.getData());
            if (envelope.getSubject().contains(run)) {
                payloads.add(envelope.getData().unpack(StringValue.class).getValue());
            }
        }
        assertThat(payloads).hasSize(aggregates * perAggregate).doesNotHaveDuplicates();
        Map<String, List<Integer>> byAggregate = payloads.stream().collect(Collectors.groupingBy(
                p -> p.substring(0, p.indexOf('#')), Collectors.mapping(p -> Integer.parseInt(p.substring(p.indexOf('#') + 1)),
                        Collectors.toList())));
        assertThat(byAggregate).hasSize(aggregates);
        byAggregate.values().forEach(seqs -> assertThat(seqs).isSorted());
    }

    private UUID saveWidget(ApplicationContext ctx, String id) {
        return PlatformHarness.tx(ctx).executeWrite(status -> {
            PlatformHarness.sql(ctx).update("INSERT INTO widget (id, name) VALUES (?, ?)", id, "widget");
            return ctx.getBean(Outbox.class).append("test.widget_saved", id, StringValue.of(id));
        });
    }

    private long unpublished() {
        return PlatformHarness.tx(relayA).executeRead(status -> PlatformHarness.sql(relayA)
                .one("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL", rs -> rs.getLong("n")).orElseThrow());
    }

    private List<MessageInfo> messagesFor(String aggregateId) {
        return StreamReader.all(nats.url(), (String) events.get("crowdfund.events.stream")).stream()
                .filter(m -> aggregateId.equals(m.getHeaders().getFirst("ce-subject")))
                .toList();
    }
}
