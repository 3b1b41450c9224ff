package org.crowdfund.platform.events;

import com.google.protobuf.StringValue;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.proto.events.v1.EventEnvelope;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test consumer: records one effect row per applied event; fails on demand to test retries. */
@Singleton
@Requires(property = "platform-test.counting-handler", value = "true")
class CountingHandler implements EventHandler {
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Sql sql;

    CountingHandler(Sql sql) {
        this.sql = sql;
    }

    @Override
    public String durableName() {
        return "platform-test-counter";
    }

    @Override
    public String subjectFilter() {
        return "test.>";
    }

    @Override
    public void handle(EventEnvelope event) throws Exception {
        String value = event.getData().unpack(StringValue.class).getValue();
        int attempt = attempts.computeIfAbsent(event.getEventId(), k -> new AtomicInteger()).incrementAndGet();
        sql.update("INSERT INTO widget_effect (event_id) VALUES (?)", UUID.fromString(event.getEventId()));
        if (value.startsWith("fail-twice") && attempt <= 2) {
            throw new IllegalStateException("transient failure " + attempt);
        }
        if (value.startsWith("always-fail")) {
            throw new IllegalStateException("poison message");
        }
    }
}
