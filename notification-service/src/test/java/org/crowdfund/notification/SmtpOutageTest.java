package org.crowdfund.notification;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.events.v1.PledgeSnapshot;
import org.crowdfund.proto.notification.v1.ListParkedEmailsRequest;
import org.crowdfund.proto.notification.v1.RequeueParkedEmailsRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.notification.NotificationHarness.*;

/**
 * The mail server goes away: e-mails wait and are retried with back-off, then parked where admins
 * see them, and go out once the server is back (by retry, or by an admin's requeue).
 */
class SmtpOutageTest {
    private static final Principal ADMIN = Principal.of("admin-1", Principal.ROLE_ADMIN);
    private final Instant t0 = Instant.parse("2026-11-30T14:00:00Z");

    @Test
    void anEmailThatFailsWhileTheServerIsDownIsRetriedAndSentOnceItIsBack() {
        service();
        stopSmtp();
        Events.Backer hana;
        try {
            hana = receiptFor("Hana");
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM email_delivery d JOIN notification n "
                    + "ON n.id = d.notification_id WHERE n.recipient_id = ? AND d.attempts >= 2 AND d.status <> 'sent' "
                    + "AND d.last_error IS NOT NULL", hana.id()) == 1);
        } finally {
            startSmtp();
        }
        awaitMail(hana.email(), 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM email_delivery d JOIN notification n "
                + "ON n.id = d.notification_id WHERE n.recipient_id = ? AND d.status = 'sent'", hana.id()) == 1);
        assertThat(mailTo(hana.email())).hasSize(1);
    }

    @Test
    void anEmailThatFailsEveryAttemptIsParkedCountedListedForAdminsAndSentWhenRequeued() {
        service();
        stopSmtp();
        Events.Backer ivo;
        try {
            ivo = receiptFor("Ivo");
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM email_delivery d JOIN notification n "
                    + "ON n.id = d.notification_id WHERE n.recipient_id = ? AND d.status = 'parked'", ivo.id()) == 1);
            assertThat(count("SELECT attempts FROM email_delivery d JOIN notification n ON n.id = d.notification_id "
                    + "WHERE n.recipient_id = ?", ivo.id())).isEqualTo(5);
            MeterRegistry meters = service().getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> meters.get("notifications.email.parked").gauge().value() >= 1);

            var parked = as(ADMIN).listParkedEmails(ListParkedEmailsRequest.newBuilder().setPageSize(500).build());
            assertThat(parked.getTotalParked()).isGreaterThanOrEqualTo(1);
            assertThat(parked.getEmailsList()).anySatisfy(e -> {
                assertThat(e.getEmail()).isEqualTo(ivo.email());
                assertThat(e.getAttempts()).isEqualTo(5);
                assertThat(e.getLastError()).isNotBlank();
            });
            var refused = catchThrowableOfType(() -> as(Principal.of("someone", Principal.ROLE_BACKER))
                    .listParkedEmails(ListParkedEmailsRequest.getDefaultInstance()), StatusRuntimeException.class);
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        } finally {
            startSmtp();
        }
        String id = as(ADMIN).listParkedEmails(ListParkedEmailsRequest.newBuilder().setPageSize(500).build()).getEmailsList()
                .stream().filter(e -> e.getEmail().equals(ivo.email())).findFirst().orElseThrow().getNotificationId();
        assertThat(as(ADMIN).requeueParkedEmails(RequeueParkedEmailsRequest.newBuilder().addNotificationIds(id).build())
                .getRequeued()).isEqualTo(1);
        awaitMail(ivo.email(), 1);
        assertThat(mailTo(ivo.email())).hasSize(1);
    }

    private Events.Backer receiptFor(String name) {
        var campaign = Events.campaign("Kite", "USD");
        var backer = Events.backer(name, "en-US");
        PledgeSnapshot p = Events.pledge(campaign, backer, 2_500, "", "");
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(), Events.created(p, "captured", t0), t0);
        return backer;
    }
}
