package org.crowdfund.platform.events;

import com.google.protobuf.StringValue;
import io.micronaut.context.ApplicationContext;
import org.crowdfund.testsupport.NatsProcess;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relay throughput: events published to JetStream and marked sent per second, by one relay and
 * by two relays sharing the outbox. The outbox is filled first (relays off), then the relays
 * start; the rate is the events over the span between the first and the last published_at.
 * Private nats-server, database on the shared PostgreSQL. Not part of the normal build; run with
 * {@code mvn -B -pl platform -am test -Dgroups=benchmark -DexcludedGroups= -Dtest=OutboxRelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -Dbench.events} and {@code -Dbench.aggregates=100,10000} change the load (events are
 * spread round-robin over the aggregates: few hot aggregates, or many with two events each).
 */
@Tag("benchmark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxRelayBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayBenchmark.class);
    private static final int EVENTS = Integer.getInteger("bench.events", 20_000);
    private static final int[] AGGREGATES = java.util.Arrays.stream(System.getProperty("bench.aggregates", "100,10000")
            .split(",")).mapToInt(Integer::parseInt).toArray();

    private NatsProcess nats;

    @BeforeAll
    void startNats() {
        nats = NatsProcess.start();
    }

    @AfterAll
    void stopNats() {
        nats.close();
    }

    @Test
    void eventsPublishedPerSecondByOneRelayAndByTwo() throws Exception {
        StringBuilder table = new StringBuilder("""
                | relays | events | aggregates | events/s published and marked |
                |---|---|---|---|
                """);
        for (int aggregates : AGGREGATES) {
            for (int relays = 1; relays <= 2; relays++) {
                table.append(String.format(Locale.ROOT, "| %d | %d | %d | %,.0f |%n", relays, EVENTS, aggregates,
                        run(relays, aggregates)));
            }
        }
        Path out = Path.of("target", "benchmark", "relay.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
        LOG.info("relay benchmark:\n{}", table);
    }

    private double run(int relays, int aggregateCount) {
        String jdbcUrl = TestInfra.freshDatabase("platform_relay_bench");
        Map<String, Object> events = TestInfra.eventProperties(TestInfra.shortId());
        events.put("crowdfund.events.nats-url", nats.url());
        events.put("crowdfund.events.consumers.enabled", false);
        Map<String, Object> fillProps = new HashMap<>(PlatformHarness.properties(jdbcUrl, events));
        fillProps.put("crowdfund.events.relay.enabled", false);
        try (ApplicationContext filler = PlatformHarness.start(fillProps)) {
            Outbox outbox = filler.getBean(Outbox.class);
            int perTx = 500;
            for (int start = 0; start < EVENTS; start += perTx) {
                int from = start;
                PlatformHarness.tx(filler).executeWrite(status -> {
                    for (int i = from; i < Math.min(EVENTS, from + perTx); i++) {
                        String aggregate = "bench-" + (i % aggregateCount);
                        outbox.append("bench.event", aggregate, StringValue.of(aggregate + "#" + i));
                    }
                    return null;
                });
            }
        }
        List<ApplicationContext> running = new ArrayList<>();
        try {
            for (int i = 0; i < relays; i++) {
                running.add(PlatformHarness.start(PlatformHarness.properties(jdbcUrl, events)));
            }
            ApplicationContext any = running.get(0);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() ->
                    PlatformHarness.tx(any).executeRead(status -> PlatformHarness.sql(any).one(
                            "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL",
                            rs -> rs.getLong("n")).orElseThrow()) == 0);
            double seconds = PlatformHarness.tx(any).executeRead(status -> PlatformHarness.sql(any).one(
                    "SELECT EXTRACT(EPOCH FROM max(published_at) - min(published_at)) AS s FROM outbox",
                    rs -> rs.getDouble("s")).orElseThrow());
            assertThat(seconds).isPositive();
            return EVENTS / seconds;
        } finally {
            running.forEach(ApplicationContext::close);
        }
    }
}
