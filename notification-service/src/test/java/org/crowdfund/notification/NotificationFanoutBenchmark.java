package org.crowdfund.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.transaction.TransactionOperations;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fan-out rate: a milestone to 10,000 and 100,000 backers of one campaign, from the event to every
 * inbox row (rows/s) and to every e-mail accepted by a local SMTP sink (GreenMail in this JVM,
 * real SMTP over loopback, the backers' addresses spread over {@link #MAILBOXES} mailboxes). The
 * backer projection is loaded with SQL beforehand: what is measured is the fan-out and the
 * sending, not the intake of pledge events. Not part of the normal run:
 * <pre>
 * mvn -B -pl notification-service -am test -Dtest=NotificationFanoutBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dbench.backers=10000,100000} and {@code -Dbench.senders=8} change the sizes and SMTP connections;
 * {@code -Dbench.sink=counting} sends to {@link CountingSmtpSink} instead of GreenMail.
 */
@Tag("benchmark")
class NotificationFanoutBenchmark {
    /**
     * Distinct recipient addresses. GreenMail keeps a mailbox per address and finds it by a linear
     * scan on every delivery, so with one address per backer the sink, not the service, would be
     * measured (quadratic in the audience); every backer still gets their own SMTP transaction.
     */
    private static final int MAILBOXES = 100;

    @Test
    void fanOutRate() throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("bench.backers", "10000,100000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        String senders = System.getProperty("bench.senders", "8");
        boolean greenMail = !"counting".equals(System.getProperty("bench.sink", "greenmail"));
        for (int backers : sizes) {
            ServerSetup smtp = new ServerSetup(TestInfra.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            GreenMail mail = greenMail ? new GreenMail(smtp) : null;
            CountingSmtpSink counting = greenMail ? null : new CountingSmtpSink();
            if (mail != null) {
                mail.start();
            }
            Map<String, Object> props = TestInfra.serviceProperties("notification_bench");
            props.put("crowdfund.smtp.port", greenMail ? smtp.getPort() : counting.port());
            props.put("crowdfund.notifications.sender-threads", senders);
            props.put("crowdfund.notifications.fanout-interval", "50ms");
            props.put("crowdfund.notifications.send-interval", "50ms");
            props.put("datasources.default.maximum-pool-size", 16);
            try (ApplicationContext ctx = ApplicationContext.run(EmbeddedServer.class, props, "test").getApplicationContext();
                 EventPublisher events = new EventPublisher(String.valueOf(props.get("crowdfund.events.nats-url")),
                         String.valueOf(props.get("crowdfund.events.stream")),
                         String.valueOf(props.get("crowdfund.events.subject-prefix")))) {
                var campaign = Events.campaign("Benchmark kettle", "USD");
                Instant t0 = Instant.parse("2026-11-30T20:00:00Z");
                events.publish(EventSubjects.CAMPAIGN_LAUNCHED, NotificationHarness.CAMPAIGN_SERVICE, campaign.id(),
                        Events.launched(campaign, t0), t0);
                @SuppressWarnings("unchecked")
                TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
                Sql sql = ctx.getBean(Sql.class);
                var people = Events.manyBackers("bench", backers);
                tx.executeWrite(s -> {
                    java.sql.Array ids = array(sql, people.stream().map(Events.Backer::id).toList());
                    sql.update("""
                            INSERT INTO recipient (recipient_id, email, display_name, locale, contact_at)
                            SELECT id, 'sink-' || (row_number() OVER () % ?) || '@example.com', 'Backer', 'en-US', now()
                              FROM unnest(?::text[]) AS t(id)""", MAILBOXES, ids);
                    return sql.update("""
                            INSERT INTO backing (pledge_id, campaign_id, backer_id, tier_title, estimated_delivery, amount_minor,
                                                 currency, campaign_title, state, event_at, event_rank)
                            SELECT gen_random_uuid(), ?::uuid, id, 'Kettle', '2027-04', 5000, 'USD', 'Benchmark kettle',
                                   'pending', now(), 1
                              FROM unnest(?::text[]) AS t(id)""", campaign.id(), ids);
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> tx.executeRead(s ->
                        sql.one("SELECT count(*) AS n FROM campaign", rs -> rs.getLong("n")).orElse(0L)) == 1);

                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                events.publish(EventSubjects.CAMPAIGN_MILESTONE_REACHED, NotificationHarness.CAMPAIGN_SERVICE, campaign.id(),
                        Events.milestone(campaign, 25, 250_000, 1_000_000, t0.plusSeconds(1)), t0.plusSeconds(1));
                await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(100)).until(() -> tx.executeRead(s ->
                        sql.one("SELECT count(*) AS n FROM fanout WHERE done_at IS NOT NULL", rs -> rs.getLong("n")).orElse(0L)) == 1);
                double rowsSeconds = (System.nanoTime() - start) / 1e9;
                await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(200)).until(() -> tx.executeRead(s ->
                        sql.one("SELECT count(*) AS n FROM email_delivery WHERE status = 'sent'", rs -> rs.getLong("n")).orElse(0L))
                        == backers);
                double mailSeconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                assertThat(greenMail ? mail.getReceivedMessages().length : counting.accepted()).isEqualTo(backers);
                System.out.printf("BENCHMARK notification fan-out: %d backers, %s SMTP connections to %s: inbox rows %.1f s (%.0f rows/s), "
                                + "e-mails %.1f s (%.0f e-mails/s); CPU of this JVM (service and SMTP sink) %.1f s = %.2f ms per e-mail; "
                                + "load average %.2f%n", backers, senders, greenMail ? "GreenMail" : "a counting sink", rowsSeconds, backers / rowsSeconds,
                        mailSeconds, backers / mailSeconds, cpuSeconds, cpuSeconds * 1000 / backers,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            } finally {
                if (mail != null) {
                    mail.stop();
                } else {
                    counting.close();
                }
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static java.sql.Array array(Sql sql, java.util.List<String> values) {
        try {
            return sql.connection().createArrayOf("text", values.toArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
