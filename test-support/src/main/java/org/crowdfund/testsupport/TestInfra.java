package org.crowdfund.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * PostgreSQL and NATS for tests, found in this order: the environment
 * ({@code CROWDFUND_TEST_PG_URL}, {@code CROWDFUND_TEST_PG_USER}, {@code CROWDFUND_TEST_PG_PASSWORD},
 * {@code CROWDFUND_TEST_NATS_URL}); containers when a Docker engine is reachable; the local
 * services on their standard ports; otherwise started here (embedded PostgreSQL from Maven
 * Central, {@code nats-server} from PATH). Every call to {@link #freshDatabase} creates a new,
 * empty database and every {@link #serviceProperties} a new stream and subject prefix, so test
 * runs never see each other's data or events.
 */
public final class TestInfra {
    private static PgServer pg;
    private static String natsUrl;
    private static final List<Runnable> CLEANUP = new ArrayList<>();

    static {
        TestIdentities.installForClients();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (CLEANUP) {
                for (int i = CLEANUP.size() - 1; i >= 0; i--) {
                    try {
                        CLEANUP.get(i).run();
                    } catch (RuntimeException ignored) {
                        // best effort at JVM exit
                    }
                }
            }
        }, "test-infra-cleanup"));
    }

    private TestInfra() {
    }

    /**
     * Runs {@code action} when the test JVM exits, before everything registered earlier (the
     * databases and servers it uses), so applications stop before their database is dropped.
     */
    public static void atExit(Runnable action) {
        synchronized (CLEANUP) {
            CLEANUP.add(action);
        }
    }

    /** A base JDBC URL ending in '/', with its user and password. */
    public record PgServer(String baseUrl, String user, String password) {
        public String url(String database) {
            return baseUrl + database;
        }
    }

    public static synchronized PgServer postgres() {
        if (pg != null) {
            return pg;
        }
        String url = System.getenv("CROWDFUND_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            pg = new PgServer(url.endsWith("/") ? url : url + "/", env("CROWDFUND_TEST_PG_USER", "postgres"),
                    env("CROWDFUND_TEST_PG_PASSWORD", ""));
        } else if (DockerServices.available()) {
            pg = DockerServices.postgres();
        } else if (reachable("127.0.0.1", 5432)) {
            pg = new PgServer("jdbc:postgresql://127.0.0.1:5432/", "postgres", "");
        } else {
            pg = startEmbeddedPostgres();
        }
        return pg;
    }

    public static synchronized String natsUrl() {
        if (natsUrl != null) {
            return natsUrl;
        }
        String url = System.getenv("CROWDFUND_TEST_NATS_URL");
        if (url != null && !url.isBlank()) {
            natsUrl = url;
        } else if (DockerServices.available()) {
            natsUrl = DockerServices.nats();
        } else if (reachable("127.0.0.1", 4222)) {
            natsUrl = "nats://127.0.0.1:4222";
        } else {
            natsUrl = startNatsServer();
        }
        return natsUrl;
    }

    /** Creates an empty database named after the prefix and returns its JDBC URL; dropped at JVM exit. */
    public static String freshDatabase(String prefix) {
        PgServer server = postgres();
        String name = (prefix.replaceAll("[^a-zA-Z0-9]", "_") + "_" + shortId()).toLowerCase(Locale.ROOT);
        execute(server, "postgres", "CREATE DATABASE " + name);
        synchronized (CLEANUP) {
            CLEANUP.add(() -> execute(server, "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
        }
        return server.url(name);
    }

    /**
     * Properties for starting one service in tests: a fresh database, the test NATS with a
     * private stream and subject prefix, random ports, an adjustable clock and the test run's
     * identity keys ({@link TestIdentities}).
     */
    public static Map<String, Object> serviceProperties(String service) {
        String id = shortId();
        Map<String, Object> props = new HashMap<>();
        props.put("datasources.default.url", freshDatabase(service));
        props.put("datasources.default.username", postgres().user());
        props.put("datasources.default.password", postgres().password());
        props.putAll(eventProperties(id));
        props.put("grpc.server.port", freePort());
        props.put("micronaut.server.port", -1);
        props.put("crowdfund.clock.adjustable", true);
        props.putAll(TestIdentities.properties());
        return props;
    }

    /** NATS settings with a stream and subject prefix no other test run uses. */
    public static Map<String, Object> eventProperties(String id) {
        Map<String, Object> props = new HashMap<>();
        props.put("crowdfund.events.nats-url", natsUrl());
        props.put("crowdfund.events.stream", "T_" + id.toUpperCase(Locale.ROOT));
        props.put("crowdfund.events.subject-prefix", "t" + id);
        return props;
    }

    public static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void execute(PgServer server, String database, String statement) {
        try (Connection c = DriverManager.getConnection(server.url(database), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + statement + ": " + e.getMessage(), e);
        }
    }

    private static PgServer startEmbeddedPostgres() {
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            synchronized (CLEANUP) {
                CLEANUP.add(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // JVM exit
                    }
                });
            }
            return new PgServer("jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/", "postgres", "");
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL configured or on 127.0.0.1:5432, and embedded "
                    + "PostgreSQL failed to start: " + e.getMessage(), e);
        }
    }

    private static String startNatsServer() {
        NatsProcess nats = NatsProcess.start();
        synchronized (CLEANUP) {
            CLEANUP.add(nats::close);
        }
        return nats.url();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
