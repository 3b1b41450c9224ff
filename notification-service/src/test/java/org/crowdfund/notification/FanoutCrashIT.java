package org.crowdfund.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * notification-service as its own JVM, killed (SIGKILL) in the middle of a milestone fan-out to
 * 10,000 backers while it is also sending, then started again: every backer ends up with exactly
 * one notification and exactly one e-mail at the SMTP server. Runs after package (failsafe), on the
 * jar just built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanoutCrashIT {
    private static final int BACKERS = 10_000;
    private static final int SENDER_THREADS = 4;

    private GreenMail mail;
    private ServiceProcess service;
    private EventPublisher events;
    private Connection db;

    @BeforeAll
    void start() throws Exception {
        ServerSetup smtp = new ServerSetup(TestInfra.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        mail = new GreenMail(smtp);
        mail.start();
        Map<String, Object> stream = TestInfra.eventProperties(TestInfra.shortId());
        service = ServiceProcess.start("notification-service", stream, Map.of(
                "SMTP_PORT", String.valueOf(smtp.getPort()),
                "NOTIFICATION_FANOUT_BATCH", "250",
                "NOTIFICATION_SENDER_THREADS", String.valueOf(SENDER_THREADS),
                "NOTIFICATION_SEND_LEASE", "20s",
                "PUBLIC_BASE_URL", "https://crowdfund.test"));
        events = new EventPublisher(String.valueOf(stream.get("crowdfund.events.nats-url")),
                String.valueOf(stream.get("crowdfund.events.stream")), String.valueOf(stream.get("crowdfund.events.subject-prefix")));
        db = DriverManager.getConnection(service.env("DB_URL"), service.env("DB_USER"), service.env("DB_PASSWORD"));
    }

    @AfterAll
    void stop() throws Exception {
        if (db != null) {
            db.close();
        }
        if (events != null) {
            events.close();
        }
        if (service != null) {
            service.stop();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void killedInTheMiddleOfATenThousandBackerFanOutEveryBackerGetsExactlyOneEmailAfterRestart() throws Exception {
        Instant t0 = Instant.parse("2026-11-30T18:00:00Z");
        var campaign = Events.campaign("Big kettle", "JPY");
        events.publish(EventSubjects.CAMPAIGN_LAUNCHED, NotificationHarness.CAMPAIGN_SERVICE, campaign.id(),
                Events.launched(campaign, t0), t0);
        List<EventEnvelope> pledges = new ArrayList<>(BACKERS);
        Set<String> addresses = new HashSet<>();
        int i = 0;
        for (var backer : Events.manyBackers("crash-backer", BACKERS)) {
            addresses.add(backer.email());
            var p = Events.pledge(campaign, backer, 5_000, "Kettle", "2027-04");
            pledges.add(EventPublisher.envelope(NotificationHarness.PLEDGE_SERVICE, p.getPledgeId(),
                    Events.created(p, "pending", t0), t0.plusMillis(i++), 1));
        }
        events.publishAll(EventSubjects.PLEDGE_CREATED, pledges);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT count(*) FROM backing") == BACKERS);

        events.publish(EventSubjects.CAMPAIGN_MILESTONE_REACHED, NotificationHarness.CAMPAIGN_SERVICE, campaign.id(),
                Events.milestone(campaign, 50, 50_000_000, 100_000_000, t0.plusSeconds(60)), t0.plusSeconds(60));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> count("SELECT count(*) FROM notification WHERE type = 'milestone_reached'") >= BACKERS / 5
                        && mail.getReceivedMessages().length > 0);
        service.kill();
        long atKill = count("SELECT count(*) FROM notification WHERE type = 'milestone_reached'");
        assertThat(atKill).as("killed in the middle of the fan-out").isLessThan(BACKERS);
        assertThat(count("SELECT count(*) FROM fanout WHERE done_at IS NULL")).isEqualTo(1);
        long sentAtKill = count("SELECT count(*) FROM email_delivery WHERE status = 'sent'");

        service.resume();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT count(*) FROM email_delivery WHERE status = 'sent'") == BACKERS);
        assertThat(count("SELECT count(*) FROM fanout WHERE done_at IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM notification WHERE type = 'milestone_reached'")).isEqualTo(BACKERS);
        assertThat(count("SELECT count(DISTINCT recipient_id) FROM notification WHERE type = 'milestone_reached'")).isEqualTo(BACKERS);

        Map<String, Set<String>> messageIdsByRecipient = new HashMap<>();
        MimeMessage[] received = mail.getReceivedMessages();
        for (MimeMessage m : received) {
            messageIdsByRecipient.computeIfAbsent(m.getAllRecipients()[0].toString().replaceAll(".*<|>.*", ""),
                    k -> new HashSet<>()).add(m.getMessageID());
        }
        assertThat(messageIdsByRecipient.keySet()).containsExactlyInAnyOrderElementsOf(addresses);
        System.out.printf("FANOUT-CRASH killed at %d of %d notifications, %d e-mails sent; after restart %d e-mails%n",
                atKill, BACKERS, sentAtKill, received.length);
        assertThat(messageIdsByRecipient.values()).as("one Message-ID per backer").allSatisfy(ids -> assertThat(ids).hasSize(1));
        // what was in the middle of its SMTP transaction when the process died was discarded by the
        // server (no end of data) and sent once after the restart: nothing arrived twice
        assertThat(received).as("exactly one e-mail per backer").hasSize(BACKERS);
    }

    private long count(String sql) throws Exception {
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
