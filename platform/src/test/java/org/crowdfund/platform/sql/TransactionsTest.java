package org.crowdfund.platform.sql;

import io.micronaut.context.ApplicationContext;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one transaction helper against real PostgreSQL, which raises the real SQLStates. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionsTest {
    private ApplicationContext ctx;
    private Transactions tx;
    private Sql sql;

    @BeforeAll
    void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("datasources.default.url", TestInfra.freshDatabase("platform_tx"));
        props.put("datasources.default.username", TestInfra.postgres().user());
        props.put("datasources.default.password", TestInfra.postgres().password());
        props.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        props.put("flyway.datasources.default.enabled", true);
        props.put("flyway.datasources.default.locations", "classpath:db/platformtest");
        props.put("grpc.server.enabled", false);
        props.put("micronaut.server.port", -1);
        props.put("crowdfund.events.relay.enabled", false);
        props.put("crowdfund.events.consumers.enabled", false);
        ctx = ApplicationContext.builder().properties(props).environments("test").start();
        tx = ctx.getBean(Transactions.class);
        sql = ctx.getBean(Sql.class);
    }

    @AfterAll
    void stop() {
        ctx.close();
    }

    @Test
    void aSerializationFailureOrDeadlockIsRetriedAndTheWorkCommitsOnce() {
        for (String sqlState : new String[]{"40001", "40P01"}) {
            String id = "retried-" + UUID.randomUUID();
            AtomicInteger attempts = new AtomicInteger();
            tx.run(() -> {
                sql.update("INSERT INTO widget (id, name) VALUES (?, 'w')", id);
                if (attempts.incrementAndGet() == 1) {
                    raise(sqlState);
                }
            });
            assertThat(attempts).hasValue(2);
            assertThat(count(id)).isEqualTo(1);
        }
    }

    @Test
    void otherFailuresAreNotRetriedAndRollBack() {
        String id = "refused-" + UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> tx.run(() -> {
            attempts.incrementAndGet();
            sql.update("INSERT INTO widget (id, name) VALUES (?, 'w')", id);
            raise("23505");
        })).isInstanceOf(Sql.DataAccessFailure.class);
        assertThat(attempts).hasValue(1);
        assertThat(count(id)).isZero();
    }

    @Test
    void aNestedTransactionLeavesTheRetryToTheOutermostOne() {
        String id = "nested-" + UUID.randomUUID();
        AtomicInteger outer = new AtomicInteger();
        AtomicInteger inner = new AtomicInteger();
        tx.run(() -> {
            outer.incrementAndGet();
            sql.update("INSERT INTO widget (id, name) VALUES (?, 'w')", id);
            tx.run(() -> {
                if (inner.incrementAndGet() == 1) {
                    raise("40001");
                }
            });
        });
        assertThat(outer).hasValue(2);
        assertThat(inner).hasValue(2);
        assertThat(count(id)).isEqualTo(1);
    }

    @Test
    void givingUpAfterTheLastAttemptReportsTheDatabasesError() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> tx.run(() -> {
            attempts.incrementAndGet();
            raise("40001");
        })).satisfies(e -> assertThat(Transactions.retryable(e)).isTrue());
        assertThat(attempts).hasValue(Transactions.ATTEMPTS);
    }

    private void raise(String sqlState) {
        sql.update("DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '" + sqlState + "'; END $$");
    }

    private long count(String id) {
        return tx.read(() -> sql.one("SELECT count(*) AS n FROM widget WHERE id = ?", rs -> rs.getLong("n"), id).orElseThrow());
    }
}
