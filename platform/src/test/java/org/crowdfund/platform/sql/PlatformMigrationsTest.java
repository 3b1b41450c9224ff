package org.crowdfund.platform.sql;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import io.micronaut.context.ApplicationContext;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.testsupport.TestInfra;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform's tables have a Flyway history of their own, on fresh and on already migrated databases. */
class PlatformMigrationsTest {

    @Test
    void aFreshDatabaseGetsThePlatformTablesUnderTheirOwnHistoryAndTheServiceKeepsItsVersions() throws Exception {
        String url = TestInfra.freshDatabase("platform_migrations_fresh");
        try (ApplicationContext ctx = start(url)) {
            assertThat(history(url, "flyway_platform_history")).containsExactly("0 BASELINE", "0.1 SQL", "0.2 SQL");
            assertThat(history(url, "flyway_schema_history")).containsExactly("1 SQL");
            assertThat(columns(url, "outbox")).contains("aggregate_version", "parked_at", "claimed_until");
        }
        try (ApplicationContext again = start(url)) {
            assertThat(history(url, "flyway_platform_history")).containsExactly("0 BASELINE", "0.1 SQL", "0.2 SQL");
        }
    }

    @Test
    void aDatabaseMigratedWithTheOldLayoutIsAdoptedWithoutLosingItsUnpublishedEvents() throws Exception {
        String url = TestInfra.freshDatabase("platform_migrations_legacy");
        // The layout before the split: platform migration 0.1 in the service's own history.
        Flyway.configure().dataSource(url, TestInfra.postgres().user(), TestInfra.postgres().password())
                .locations("classpath:db/legacylayout", "classpath:db/platformtest").load().migrate();
        assertThat(history(url, "flyway_schema_history")).containsExactly("0.1 SQL", "1 SQL");
        UUID waiting = Ids.newId();
        EventEnvelope envelope = EventEnvelope.newBuilder().setEventId(waiting.toString())
                .setEventType("google.protobuf.StringValue").setSource("old").setSubject("legacy-aggregate")
                .setData(Any.pack(StringValue.of("written before the split"))).build();
        execute(url, "INSERT INTO outbox (event_id, subject, event_type, aggregate_id, envelope, occurred_at) "
                + "VALUES (?, 'test.legacy', 'google.protobuf.StringValue', 'legacy-aggregate', ?, now())",
                waiting, envelope.toByteArray());

        try (ApplicationContext ctx = start(url)) {
            assertThat(history(url, "flyway_schema_history")).containsExactly("1 SQL");
            assertThat(history(url, "flyway_platform_history")).containsExactly("0.1 BASELINE", "0.2 SQL");
            assertThat(columns(url, "outbox")).contains("aggregate_version", "parked_at");
            assertThat(query(url, "SELECT event_id::text || ' ' || coalesce(aggregate_version::text, 'unversioned') FROM outbox"))
                    .containsExactly(waiting + " unversioned");
        }
    }

    private static ApplicationContext start(String url) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.application.name", "platform-test");
        props.put("datasources.default.url", url);
        props.put("datasources.default.username", TestInfra.postgres().user());
        props.put("datasources.default.password", TestInfra.postgres().password());
        props.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        props.put("flyway.datasources.default.enabled", true);
        props.put("flyway.datasources.default.locations", "classpath:db/platformtest");
        props.put("grpc.server.enabled", false);
        props.put("micronaut.server.port", -1);
        props.put("crowdfund.events.relay.enabled", false);
        props.put("crowdfund.events.consumers.enabled", false);
        return ApplicationContext.builder().properties(props).environments("test").start();
    }

    private static List<String> history(String url, String table) throws Exception {
        return query(url, "SELECT version || ' ' || type FROM " + table + " WHERE success ORDER BY installed_rank");
    }

    private static List<String> columns(String url, String table) throws Exception {
        return query(url, "SELECT column_name::text FROM information_schema.columns WHERE table_name = '" + table + "'");
    }

    private static List<String> query(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestInfra.postgres().user(), TestInfra.postgres().password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    private static void execute(String url, String sql, Object... params) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestInfra.postgres().user(), TestInfra.postgres().password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
