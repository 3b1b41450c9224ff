package org.crowdfund.platform.events;

import io.micronaut.context.annotation.Value;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One NATS connection per process, opened lazily so a service starts (and keeps committing
 * changes to its outbox) while NATS is down; once open, jnats reconnects by itself. The stream
 * is created (or its subjects extended) on first use.
 * <p>
 * Credentials come from the environment, so Kubernetes can hand them over from a Secret:
 * {@code NATS_USER}/{@code NATS_PASSWORD} or {@code NATS_CREDS} (a credentials file: user JWT and
 * NKey seed), and {@code NATS_TLS_CA} (a PEM file) to trust a private CA for a {@code tls://} URL.
 * With none of them set the connection is anonymous and plaintext, as in local runs.
 */
@Singleton
public class NatsConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NatsConnections.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final EventsConfiguration config;
    private final String connectionName;
    private final NatsAuth auth;
    private Connection connection;
    private boolean streamReady;
    private long nextAttempt = System.nanoTime();
    private boolean closed;

    public NatsConnections(EventsConfiguration config, @Value("${micronaut.application.name:crowdfund}") String name,
                           @Value("${nats.user:}") String user, @Value("${nats.password:}") String password,
                           @Value("${nats.creds:}") String credsFile, @Value("${nats.tls.ca:}") String caFile) {
        this.config = config;
        this.connectionName = name;
        this.auth = new NatsAuth(user, password, credsFile, caFile);
    }

    /**
     * How this process proves who it is to NATS and whom it trusts. A half-set pair (a user
     * without a password) is a deployment mistake and stops the start rather than connecting
     * anonymously.
     */
    record NatsAuth(String user, String password, String credsFile, String caFile) {
        NatsAuth {
            if (user.isBlank() != password.isBlank()) {
                throw new io.micronaut.context.exceptions.ConfigurationException(
                        "NATS_USER and NATS_PASSWORD must be set together (one of them is empty)");
            }
            if (!user.isBlank() && !credsFile.isBlank()) {
                throw new io.micronaut.context.exceptions.ConfigurationException(
                        "set either NATS_USER/NATS_PASSWORD or NATS_CREDS, not both");
            }
        }

        Options.Builder apply(Options.Builder options) throws java.io.IOException, GeneralSecurityException {
            if (!user.isBlank()) {
                options.userInfo(user, password);
            }
            if (!credsFile.isBlank()) {
                options.authHandler(Nats.credentials(credsFile));
            }
            if (!caFile.isBlank()) {
                options.sslContext(trusting(Path.of(caFile)));
            }
            return options;
        }

        /** TLS that trusts exactly the certificates in a PEM file (the cluster's NATS CA). */
        static SSLContext trusting(Path pem) throws java.io.IOException, GeneralSecurityException {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(pem)) {
                int i = 0;
                for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("nats-ca-" + i++, ca);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
    }

    /** JetStream with the stream in place, or empty while NATS cannot be reached. */
    public synchronized Optional<JetStream> jetStream() {
        if (closed || !connect() || !ensureStream()) {
            return Optional.empty();
        }
        try {
            return Optional.of(connection.jetStream());
        } catch (java.io.IOException e) {
            LOG.warn("JetStream context unavailable: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The name this process publishes events under (ce-source). */
    public String source() {
        return connectionName;
    }

    public synchronized Optional<Connection> connection() {
        return closed || !connect() ? Optional.empty() : Optional.of(connection);
    }

    private boolean connect() {
        if (connection != null) {
            return connection.getStatus() == Connection.Status.CONNECTED;
        }
        if (System.nanoTime() < nextAttempt) {
            return false;
        }
        try {
            connection = Nats.connect(auth.apply(new Options.Builder()
                    .server(config.getNatsUrl())
                    .connectionName(connectionName)
                    .connectionTimeout(Duration.ofSeconds(2))
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(500))
                    .errorListener(new QuietErrorListener()))
                    .build());
            LOG.info("connected to NATS at {}", config.getNatsUrl());
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            nextAttempt = System.nanoTime() + RETRY_NANOS;
            LOG.warn("NATS at {} is unreachable ({}); events wait in the outbox", config.getNatsUrl(), e.getMessage());
            return false;
        }
    }

    private boolean ensureStream() {
        if (streamReady) {
            return true;
        }
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            ensure(jsm, config.getStream(), config.getSubjectPrefix() + ".>", config.getRetention());
            // Dead letters live apart, so nothing a consumer gave up on flows back into the main stream.
            ensure(jsm, config.getDeadLetterStream(), config.deadLetterSubjects() + ".>", config.getDeadLetterRetention());
            streamReady = true;
            return true;
        } catch (Exception e) {
            LOG.warn("cannot set up stream {}: {}", config.getStream(), e.getMessage());
            return false;
        }
    }

    private void ensure(JetStreamManagement jsm, String stream, String subjects, Duration maxAge) throws Exception {
        StreamInfo info = null;
        try {
            info = jsm.getStreamInfo(stream);
        } catch (JetStreamApiException notFound) {
            if (notFound.getErrorCode() != 404) {
                throw notFound;
            }
        }
        try {
            if (info == null) {
                jsm.addStream(StreamConfiguration.builder()
                        .name(stream)
                        .subjects(subjects)
                        .storageType(StorageType.File)
                        .replicas(config.getStreamReplicas())
                        .duplicateWindow(config.getDuplicateWindow())
                        .maxAge(maxAge)
                        .build());
                LOG.info("created stream {} on {}", stream, subjects);
            } else if (!info.getConfiguration().getSubjects().contains(subjects)) {
                List<String> merged = new java.util.ArrayList<>(info.getConfiguration().getSubjects());
                merged.add(subjects);
                jsm.updateStream(StreamConfiguration.builder(info.getConfiguration()).subjects(merged).build());
            }
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10058) {
                throw e;
            }
            // another replica created it a moment ago
        }
    }

    @Override
    @PreDestroy
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection = null;
        }
    }

    /** jnats reports every reconnect attempt as an exception; one warning per state change is enough. */
    private static final class QuietErrorListener implements io.nats.client.ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warn("NATS error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debug("NATS exception: {}", exp.toString());
        }
    }
}
