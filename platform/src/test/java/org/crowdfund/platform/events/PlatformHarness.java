package org.crowdfund.platform.events;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.testsupport.TestInfra;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;

/** Starts the platform's beans against a real database and NATS stream (no gRPC server). */
final class PlatformHarness {
    private PlatformHarness() {
    }

    static Map<String, Object> properties(String jdbcUrl, Map<String, Object> events) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.application.name", "platform-test");
        props.put("datasources.default.url", jdbcUrl);
        props.put("datasources.default.username", TestInfra.postgres().user());
        props.put("datasources.default.password", TestInfra.postgres().password());
        props.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        props.put("flyway.datasources.default.enabled", true);
        props.put("flyway.datasources.default.locations", "classpath:db/platformtest");
        props.put("grpc.server.enabled", false);
        props.put("micronaut.server.port", -1);
        props.put("crowdfund.events.relay-interval", "50ms");
        props.put("crowdfund.events.max-deliver", 3);
        props.put("crowdfund.events.relay-max-attempts", 3);
        props.putAll(events);
        return props;
    }

    static ApplicationContext start(Map<String, Object> props) {
        return ApplicationContext.builder().properties(props).environments("test").start();
    }

    @SuppressWarnings("unchecked")
    static TransactionOperations<Connection> tx(ApplicationContext ctx) {
        return ctx.getBean(TransactionOperations.class);
    }

    static Sql sql(ApplicationContext ctx) {
        return ctx.getBean(Sql.class);
    }
}
