package org.crowdfund.platform.events;

import io.micronaut.context.exceptions.ConfigurationException;
import io.nats.client.Connection;
import org.crowdfund.testsupport.NatsProcess;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A private nats-server that requires a user and password over TLS with a certificate of its
 * own CA, as the production NATS does; the services' connection must get in with the
 * credentials and CA from the environment and stay out without them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsConnectionsAuthTest {
    private Path dir;
    private Process server;
    private String url;
    private Path ca;

    @BeforeAll
    void startNatsWithUsersAndTls() throws Exception {
        dir = Files.createTempDirectory("crowdfund-nats-auth");
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "nats", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=nats", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        Key key = store.getKey("nats", "changeit".toCharArray());
        ca = Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", store.getCertificate("nats").getEncoded()));
        Path keyFile = Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded()));

        int port = TestInfra.freePort();
        server = new ProcessBuilder(NatsProcess.locate(), "-a", "127.0.0.1", "-p", String.valueOf(port),
                "--user", "pledge-service", "--pass", "s3cret-from-a-secret",
                "--tls", "--tlscert", ca.toString(), "--tlskey", keyFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
        while (!TestInfra.reachable("127.0.0.1", port)) {
            assertTrue(server.isAlive() && Instant.now().isBefore(giveUp), "nats-server did not start; see " + dir.resolve("nats.log"));
            Thread.onSpinWait();
        }
        url = "tls://127.0.0.1:" + port;
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void connectsWithTheUserAndPasswordOverTlsTrustingTheGivenCa() throws Exception {
        try (NatsConnections nats = connections("pledge-service", "s3cret-from-a-secret", ca.toString())) {
            Optional<Connection> connection = nats.connection();
            assertTrue(connection.isPresent(), "connected");
            connection.get().flush(Duration.ofSeconds(5));   // a round trip through the server
            assertEquals(Connection.Status.CONNECTED, connection.get().getStatus());
        }
    }

    @Test
    void staysOutWithAWrongPassword() {
        try (NatsConnections nats = connections("pledge-service", "guessed", ca.toString())) {
            assertTrue(nats.connection().isEmpty());
        }
    }

    @Test
    void staysOutWithoutTrustingTheServersCa() {
        try (NatsConnections nats = connections("pledge-service", "s3cret-from-a-secret", "")) {
            assertTrue(nats.connection().isEmpty());
        }
    }

    @Test
    void aUserWithoutAPasswordIsAConfigurationErrorNotAnAnonymousConnection() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> connections("pledge-service", "", ca.toString()));
        assertTrue(e.getMessage().contains("NATS_USER and NATS_PASSWORD"), e.getMessage());
    }

    private NatsConnections connections(String user, String password, String caFile) {
        EventsConfiguration config = new EventsConfiguration();
        config.setNatsUrl(url);
        return new NatsConnections(config, "platform-test", user, password, "", caFile);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
