package org.crowdfund.notification;

import com.google.protobuf.Message;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.transaction.TransactionOperations;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.notification.v1.NotificationServiceGrpc;
import org.crowdfund.testsupport.SharedContexts;
import org.crowdfund.testsupport.TestInfra;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The notification-service every test class of this module talks to: one application on its own
 * database and test stream, sending to a GreenMail SMTP server in this JVM (real SMTP on a free
 * port), with events published onto the stream as the producing services' relay does.
 */
final class NotificationHarness {
    static final String PLEDGE_SERVICE = "pledge-service";
    static final String CAMPAIGN_SERVICE = "campaign-service";
    static final String RESERVATION_SERVICE = "reservation-service";

    private static Map<String, Object> properties;
    private static GreenMail mail;
    private static ServerSetup smtp;
    private static EventPublisher publisher;
    private static ManagedChannel channel;

    private NotificationHarness() {
    }

    static synchronized ApplicationContext service() {
        return SharedContexts.get("notification-service", () -> {
            startMail();
            properties = TestInfra.serviceProperties("notification");
            properties.put("crowdfund.smtp.port", smtp.getPort());
            properties.put("crowdfund.smtp.timeout", "2s");
            properties.put("crowdfund.notifications.public-base-url", "https://crowdfund.test");
            properties.put("crowdfund.notifications.fanout-interval", "50ms");
            properties.put("crowdfund.notifications.send-interval", "50ms");
            properties.put("crowdfund.notifications.retry-initial", "400ms");
            properties.put("crowdfund.notifications.retry-max", "1s");
            properties.put("crowdfund.notifications.max-attempts", "5");
            properties.put("crowdfund.notifications.send-lease", "5s");
            ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, properties, "test").getApplicationContext();
            publisher = new EventPublisher(String.valueOf(properties.get("crowdfund.events.nats-url")),
                    String.valueOf(properties.get("crowdfund.events.stream")),
                    String.valueOf(properties.get("crowdfund.events.subject-prefix")));
            TestInfra.atExit(publisher::close);
            return context;
        });
    }

    private static void startMail() {
        if (mail == null) {
            smtp = new ServerSetup(TestInfra.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            mail = new GreenMail(smtp);
            mail.start();
            TestInfra.atExit(() -> mail.stop());
        }
    }

    /** Stops the SMTP server: the service's connections fail until {@link #startSmtp}. */
    static synchronized void stopSmtp() {
        mail.stop();
    }

    /** Starts the SMTP server again on the same port. */
    static synchronized void startSmtp() {
        mail = new GreenMail(smtp);
        mail.start();
    }

    static EventPublisher events() {
        service();
        return publisher;
    }

    static EventEnvelope publish(String subject, String source, String aggregateId, Message event, Instant at) {
        return events().publish(subject, source, aggregateId, event, at);
    }

    /** Publishes an event its producer gave aggregate version {@code version} (to deliver out of order). */
    static EventEnvelope publish(String subject, String source, String aggregateId, Message event, Instant at, long version) {
        return events().publish(subject, source, aggregateId, event, at, version);
    }

    static synchronized NotificationServiceGrpc.NotificationServiceBlockingStub as(Principal principal) {
        if (channel == null) {
            int port = service().getBean(GrpcEmbeddedServer.class).getPort();
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            TestInfra.atExit(channel::shutdownNow);
        }
        return Calls.as(NotificationServiceGrpc.newBlockingStub(channel), principal, Duration.ofSeconds(20));
    }

    static Principal principal(Events.Backer backer) {
        return new Principal(backer.id(), java.util.Set.of(Principal.ROLE_BACKER), backer.email(), backer.name());
    }

    /** Every message the SMTP server received for {@code address}. */
    static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Waits for exactly {@code count} messages to {@code address} and returns them. */
    static List<MimeMessage> awaitMail(String address, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(address).size() >= count);
        return mailTo(address);
    }

    /** The plain-text and HTML parts of a message. */
    static String[] bodies(MimeMessage message) {
        try {
            MimeMultipart parts = (MimeMultipart) message.getContent();
            return new String[]{(String) parts.getBodyPart(0).getContent(), (String) parts.getBodyPart(1).getContent()};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? null : values[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value read from the service's own database (test assertions only). */
    static <T> T query(String sqlText, Sql.RowMapper<T> mapper, Object... params) {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = service().getBean(TransactionOperations.class);
        Sql sql = service().getBean(Sql.class);
        return tx.executeRead(status -> sql.one(sqlText, mapper, params).orElse(null));
    }

    static long count(String sqlText, Object... params) {
        Long n = query(sqlText, rs -> rs.getLong(1), params);
        return n == null ? 0 : n;
    }
}
