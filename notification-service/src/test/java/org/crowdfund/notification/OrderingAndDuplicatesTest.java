package org.crowdfund.notification;

import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.PledgeCancelled;
import org.crowdfund.proto.events.v1.PledgeCaptured;
import org.crowdfund.proto.events.v1.PledgePaymentFailed;
import org.crowdfund.proto.events.v1.PledgeSnapshot;
import org.crowdfund.proto.events.v1.ReservationConverted;
import org.crowdfund.proto.events.v1.ReservationExpiring;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.notification.NotificationHarness.*;

/** Events arrive twice and out of order; each recipient still hears each thing once, and only what is true. */
class OrderingAndDuplicatesTest {
    private final Instant t0 = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void aReceiptEventDeliveredTwiceSendsOneEmailAndMakesOneNotification() {
        var campaign = Events.campaign("Notebook", "USD");
        var ann = Events.backer("Ann", "en-US");
        PledgeSnapshot p = Events.pledge(campaign, ann, 1_000, "", "");
        EventEnvelope charged = publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(),
                Events.created(p, "captured", t0), t0);
        // the relay re-publishing after the broker's duplicate window: only the inbox can absorb it
        events().publish(EventSubjects.PLEDGE_CREATED, charged, UUID.randomUUID().toString());
        events().publish(EventSubjects.PLEDGE_CREATED, charged, UUID.randomUUID().toString());

        awaitMail(ann.email(), 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM inbox WHERE event_id = ?::uuid", charged.getEventId()) == 1
                        && consumed("notification-pledges") >= 3);
        assertThat(count("SELECT count(*) FROM notification WHERE recipient_id = ?", ann.id())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM email_delivery d JOIN notification n ON n.id = d.notification_id "
                + "WHERE n.recipient_id = ?", ann.id())).isEqualTo(1);
        assertThat(mailTo(ann.email())).hasSize(1);
    }

    @Test
    void aMilestoneDeliveredTwiceFansOutOnceToEachBacker() {
        var campaign = Events.campaign("Chair", "USD");
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        var bo = Events.backer("Bo", "en-US");
        var cy = Events.backer("Cy", "en-US");
        for (var b : new Events.Backer[]{bo, cy}) {
            PledgeSnapshot p = Events.pledge(campaign, b, 5_000, "Chair", "");
            publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(), Events.created(p, "pending", t0), t0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM backing WHERE campaign_id = ?::uuid", campaign.id()) == 2);
        EventEnvelope milestone = publish(EventSubjects.CAMPAIGN_MILESTONE_REACHED, CAMPAIGN_SERVICE, campaign.id(),
                Events.milestone(campaign, 25, 10_000, 40_000, t0.plusSeconds(3)), t0.plusSeconds(3));
        events().publish(EventSubjects.CAMPAIGN_MILESTONE_REACHED, milestone, UUID.randomUUID().toString());

        awaitMail(bo.email(), 1);
        awaitMail(cy.email(), 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM fanout WHERE campaign_id = ?::uuid AND done_at IS NOT NULL", campaign.id()) == 1
                        && count("SELECT count(*) FROM email_delivery d JOIN notification n ON n.id = d.notification_id "
                        + "WHERE n.campaign_id = ?::uuid AND d.status <> 'sent'", campaign.id()) == 0);
        assertThat(count("SELECT count(*) FROM fanout WHERE campaign_id = ?::uuid", campaign.id())).isEqualTo(1);
        assertThat(mailTo(bo.email())).hasSize(1);
        assertThat(mailTo(cy.email())).hasSize(1);
    }

    @Test
    void aCancellationThatOvertakesItsPledgeKeepsTheBackerOutByVersionAndARepledgeBringsThemBack() {
        var campaign = Events.campaign("Lamp", "USD");
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        var dee = Events.backer("Dee", "en-US");
        var eli = Events.backer("Eli", "en-US");
        PledgeSnapshot first = Events.pledge(campaign, dee, 2_000, "Lamp", "");
        // the cancellation (version 2) delivered before the creation (version 1), whose replica's
        // clock ran ahead and stamped it later: the version decides, not the time
        publish(EventSubjects.PLEDGE_CANCELLED, PLEDGE_SERVICE, first.getPledgeId(), PledgeCancelled.newBuilder()
                .setPledge(first).setCancelledAt(ProtoTime.timestamp(t0.plusSeconds(20))).build(), t0.plusSeconds(20), 2);
        EventEnvelope lateCreation = publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, first.getPledgeId(),
                Events.created(first, "pending", t0.plusSeconds(25)), t0.plusSeconds(25), 1);
        PledgeSnapshot eliPledge = Events.pledge(campaign, eli, 2_000, "Lamp", "");
        publish(EventSubjects.PLEDGE_CANCELLED, PLEDGE_SERVICE, eliPledge.getPledgeId(), PledgeCancelled.newBuilder()
                .setPledge(eliPledge).setCancelledAt(ProtoTime.timestamp(t0.plusSeconds(20))).build(), t0.plusSeconds(20), 2);
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, eliPledge.getPledgeId(),
                Events.created(eliPledge, "pending", t0.plusSeconds(1)), t0.plusSeconds(1), 1);
        // Eli pledges again after cancelling: a new pledge
        PledgeSnapshot again = Events.pledge(campaign, eli, 3_000, "Lamp", "");
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, again.getPledgeId(), Events.created(again, "pending", t0.plusSeconds(40)),
                t0.plusSeconds(40));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM inbox WHERE event_id = ?::uuid", lateCreation.getEventId()) == 1
                        && count("SELECT count(*) FROM backing WHERE campaign_id = ?::uuid", campaign.id()) == 3
                        && count("SELECT count(*) FROM backing WHERE pledge_id = ?::uuid AND state = 'pending'",
                        again.getPledgeId()) == 1);
        assertThat(NotificationHarness.<String>query("SELECT state FROM backing WHERE pledge_id = ?::uuid", rs -> rs.getString(1), first.getPledgeId()))
                .isEqualTo("cancelled");

        publish(EventSubjects.CAMPAIGN_MILESTONE_REACHED, CAMPAIGN_SERVICE, campaign.id(),
                Events.milestone(campaign, 25, 3_000, 12_000, t0.plusSeconds(60)), t0.plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM fanout WHERE campaign_id = ?::uuid AND done_at IS NOT NULL", campaign.id()) == 1);
        assertThat(count("SELECT count(*) FROM notification WHERE campaign_id = ?::uuid AND type = 'milestone_reached'",
                campaign.id())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notification WHERE recipient_id = ? AND type = 'milestone_reached'", eli.id()))
                .isEqualTo(1);
        var toEli = awaitMail(eli.email(), 2); // the confirmation of the first cancellation, then the milestone
        assertThat(toEli).extracting(MessageContentTest::subject).contains("Lamp reached 25% of its goal");
        assertThat(bodies(toEli.stream().filter(m -> MessageContentTest.subject(m).startsWith("Lamp reached")).findFirst()
                .orElseThrow())[0]).contains("$30.00 of $120.00");
    }

    @Test
    void aPaymentFailureOfAnOlderVersionThanTheCaptureThatFixedItIsNotSentWhateverItsTimestamp() {
        var campaign = Events.campaign("Mug", "USD");
        var fin = Events.backer("Fin", "en-US");
        PledgeSnapshot p = Events.pledge(campaign, fin, 1_500, "", "");
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(), Events.created(p, "pending", t0), t0, 1);
        publish(EventSubjects.PLEDGE_CAPTURED, PLEDGE_SERVICE, p.getPledgeId(), PledgeCaptured.newBuilder().setPledge(p)
                .setCapturedMinor(1_500).build(), t0.plusSeconds(300), 3);
        awaitMail(fin.email(), 1);
        // version 2 came before the capture that fixed it, though a replica's clock stamped it later
        EventEnvelope stale = publish(EventSubjects.PLEDGE_PAYMENT_FAILED, PLEDGE_SERVICE, p.getPledgeId(),
                PledgePaymentFailed.newBuilder().setPledge(p).setFailureCode("card_declined").setAtSettlement(true).build(),
                t0.plusSeconds(400), 2);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM inbox WHERE event_id = ?::uuid", stale.getEventId()) == 1);
        assertThat(count("SELECT count(*) FROM notification WHERE recipient_id = ? AND type = 'payment_failed'", fin.id()))
                .isZero();
        assertThat(NotificationHarness.<String>query("SELECT state FROM backing WHERE pledge_id = ?::uuid", rs -> rs.getString(1), p.getPledgeId()))
                .isEqualTo("captured");
    }

    @Test
    void anExpiryWarningThatArrivesAfterTheReservationWasConvertedIsNotSent() {
        var gil = Events.backer("Gil", "en-US");
        as(principal(gil)).listNotifications(org.crowdfund.proto.notification.v1.ListNotificationsRequest.getDefaultInstance());
        String reservation = UUID.randomUUID().toString();
        String campaignId = UUID.randomUUID().toString();
        publish(EventSubjects.RESERVATION_CONVERTED, RESERVATION_SERVICE, reservation, ReservationConverted.newBuilder()
                .setReservationId(reservation).setCampaignId(campaignId).setBackerId(gil.id()).build(), t0.plusSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM reservation_closed WHERE reservation_id = ?::uuid", reservation) == 1);
        EventEnvelope late = publish(EventSubjects.RESERVATION_EXPIRING, RESERVATION_SERVICE, reservation,
                ReservationExpiring.newBuilder().setReservationId(reservation).setCampaignId(campaignId).setBackerId(gil.id())
                        .setExpiresAt(ProtoTime.timestamp(t0.plusSeconds(120))).build(), t0);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM inbox WHERE event_id = ?::uuid", late.getEventId()) == 1);
        assertThat(count("SELECT count(*) FROM notification WHERE recipient_id = ?", gil.id())).isZero();
    }

    private static double consumed(String consumer) {
        return service().getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .counter("events.consumed", "consumer", consumer, "outcome", "ok").count();
    }
}
