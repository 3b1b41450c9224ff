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
    void aRelayRoundCountsWhatIsPendingWithoutFailing() {
        io.micrometer.core.instrument.MeterRegistry meters = relayA.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        double failedBefore = meters.counter("outbox.relay.rounds.failed").count();
        OutboxRelay relay = relayA.getBean(OutboxRelay.class);
        for (int i = 0; i < 3; i++) {
            relay.tick();
        }
        assertThat(meters.counter("outbox.relay.rounds.failed").count()).as("rounds that threw").isEqualTo(failedBefore);
        assertThat(meters.get("outbox.pending").gauge().value()).isGreaterThanOrEqualTo(0);
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
    void twoRelaysPublishEveryEventOnceInEachAggregatesOrderAcrossANatsRestart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int aggregates = 8;
        int perAggregate = 60;
        // The first half of every aggregate's events is written while NATS is up; the second half
        // while it is down, so the restart always falls in the middle of each aggregate's sequence.
        writeInParallel(run, aggregates, 0, perAggregate / 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> published("agg-" + run) >= 50);
        nats.kill();
        try {
            writeInParallel(run, aggregates, perAggregate / 2, perAggregate);
            assertThat(published("agg-" + run)).isLessThan(aggregates * perAggregate);
        } finally {
            nats.resume();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> unpublished() == 0);

        Map<String, List<EventEnvelope>> byAggregate = new java.util.LinkedHashMap<>();
        for (MessageInfo m : StreamReader.all(nats.url(), (String) events.get("crowdfund.events.stream"))) {
            EventEnvelope envelope = EventEnvelope.parseFrom(m.getData());
            if (envelope.getSubject().contains(run)) {
                byAggregate.computeIfAbsent(envelope.getSubject(), k -> new ArrayList<>()).add(envelope);
            }
        }
        assertThat(byAggregate).hasSize(aggregates);
        byAggregate.forEach((aggregate, envelopes) -> {
            assertThat(envelopes).extracting(EventEnvelope::getEventId).doesNotHaveDuplicates();
            List<Integer> seqs = envelopes.stream().map(e -> seq(e)).toList();
            assertThat(seqs).as(aggregate).hasSize(perAggregate).isSorted();
            assertThat(envelopes).extracting(EventEnvelope::getAggregateVersion)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, perAggregate).boxed().toList());
        });
    }

    @Test
    void aPoisonRowIsParkedWhileAThousandOtherEventsFlowAndAnOperatorRetriesItOnceFixed() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String poisoned = "poisoned-" + run;
        // Over the server's 1 MB max_payload: the client refuses it on every attempt.
        String huge = "x".repeat(1_200_000);
        UUID poisonId = PlatformHarness.tx(relayA).executeWrite(status -> {
            Outbox outbox = relayA.getBean(Outbox.class);
            UUID id = outbox.append("test.counted", poisoned, StringValue.of(huge));
            outbox.append("test.counted", poisoned, StringValue.of(poisoned + "#after"));
            return id;
        });
        for (int chunk = 0; chunk < 10; chunk++) {
            int from = chunk * 100;
            PlatformHarness.tx(relayB).executeWrite(status -> relayB.getBean(Outbox.class).appendAll(
                    java.util.stream.IntStream.range(from, from + 100).mapToObj(i -> new Outbox.Entry("test.counted",
                            "flow-" + run + "-" + (i % 10), StringValue.of("flow-" + run + "-" + (i % 10) + "#" + i))).toList()));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> published("flow-" + run) == 1000 && isParked(poisonId));
        assertThat(published(poisoned)).isZero();
        assertThat(relayA.getBean(io.micrometer.core.instrument.MeterRegistry.class).counter("outbox.parkings").count()
                + relayB.getBean(io.micrometer.core.instrument.MeterRegistry.class).counter("outbox.parkings").count())
                .isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> relayA.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("outbox.parked").gauge().value() >= 1 || relayB.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("outbox.parked").gauge().value() >= 1);
        assertThat(messagesFor(poisoned)).isEmpty();
        long flowed = StreamReader.all(nats.url(), (String) events.get("crowdfund.events.stream")).stream()
                .filter(m -> m.getHeaders().getFirst("ce-subject").startsWith("flow-" + run)).count();
        assertThat(flowed).isEqualTo(1000);

        // The operator shrinks the event (as a fix would) and retries it: it goes out, then the one held behind it.
        EventEnvelope fixed = EventEnvelope.newBuilder().setEventId(poisonId.toString())
                .setEventType("google.protobuf.StringValue").setSource("platform-test").setSubject(poisoned)
                .setData(com.google.protobuf.Any.pack(StringValue.of(poisoned + "#fixed"))).build();
        int retried = PlatformHarness.tx(relayA).executeWrite(status -> {
            PlatformHarness.sql(relayA).update("UPDATE outbox SET envelope = ? WHERE event_id = ?", fixed.toByteArray(), poisonId);
            return PlatformHarness.sql(relayA).one("SELECT outbox_retry_parked(ARRAY[(SELECT id FROM outbox WHERE event_id = ?)]) AS n",
                    rs -> rs.getInt("n"), poisonId).orElseThrow();
        });
        assertThat(retried).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(poisoned).size() == 2);
        List<EventEnvelope> delivered = new ArrayList<>();
        for (MessageInfo m : messagesFor(poisoned)) {
            delivered.add(EventEnvelope.parseFrom(m.getData()));
        }
        assertThat(delivered).extracting(e -> e.getData().unpack(StringValue.class).getValue())
                .containsExactly(poisoned + "#fixed", poisoned + "#after");
        assertThat(delivered).extracting(EventEnvelope::getAggregateVersion).containsExactly(1L, 2L);
    }

    private static int seq(EventEnvelope envelope) {
        try {
            String value = envelope.getData().unpack(StringValue.class).getValue();
            return Integer.parseInt(value.substring(value.indexOf('#') + 1));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private long published(String aggregatePrefix) {
        return PlatformHarness.tx(relayA).executeRead(status -> PlatformHarness.sql(relayA).one(
                "SELECT count(*) AS n FROM outbox WHERE published_at IS NOT NULL AND aggregate_id LIKE ?",
                rs -> rs.getLong("n"), aggregatePrefix + "%").orElseThrow());
    }

    private boolean isParked(UUID eventId) {
        return PlatformHarness.tx(relayA).executeRead(status -> PlatformHarness.sql(relayA).one(
                "SELECT parked_at IS NOT NULL AS parked FROM outbox WHERE event_id = ?", rs -> rs.getBoolean("parked"),
                eventId).orElseThrow());
    }

    private UUID saveWidget(ApplicationContext ctx, String id) {
        return PlatformHarness.tx(ctx).executeWrite(status -> {
            PlatformHarness.sql(ctx).update("INSERT INTO widget (id, name) VALUES (?, ?)", id, "widget");
            return ctx.getBean(Outbox.class).append("test.widget_saved", id, StringValue.of(id));
        });
    }

    private long unpublished() {
        return PlatformHarness.tx(relayA).executeRead(status -> PlatformHarness.sql(relayA)
                .one("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL AND parked_at IS NULL",
                        rs -> rs.getLong("n")).orElseThrow());
    }

    private List<MessageInfo> messagesFor(String aggregateId) {
        return StreamReader.all(nats.url(), (String) events.get("crowdfund.events.stream")).stream()
                .filter(m -> aggregateId.equals(m.getHeaders().getFirst("ce-subject")))
                .toList();
    }

    /** Appends events {@code from} until {@code to} of each aggregate, four writers at once, single appends and batches mixed. */
    private void writeInParallel(String run, int aggregates, int from, int to) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int a = 0; a < aggregates; a++) {
                String aggregate = "agg-" + run + "-" + a;
                ApplicationContext writer = a % 2 == 0 ? relayA : relayB;
                done.add(writers.submit(() -> {
                    for (int seq = from; seq < to; seq += 3) {
                        int n = seq;
                        // single appends and batches, as services mix them
                        PlatformHarness.tx(writer).executeWrite(status -> {
                            Outbox outbox = writer.getBean(Outbox.class);
                            outbox.append("test.counted", aggregate, StringValue.of(aggregate + "#" + n));
                            return outbox.appendAll(List.of(
                                    new Outbox.Entry("test.counted", aggregate, StringValue.of(aggregate + "#" + (n + 1))),
                                    new Outbox.Entry("test.counted", aggregate, StringValue.of(aggregate + "#" + (n + 2)))));
                        });
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdown();
        }
    }
}
