package org.crowdfund.notification;

import jakarta.mail.internet.MimeMessage;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.proto.events.v1.CampaignEnded;
import org.crowdfund.proto.events.v1.CampaignSettled;
import org.crowdfund.proto.events.v1.CreatorUpdatePosted;
import org.crowdfund.proto.events.v1.PledgeCancelled;
import org.crowdfund.proto.events.v1.PledgeCaptured;
import org.crowdfund.proto.events.v1.PledgePaymentFailed;
import org.crowdfund.proto.events.v1.PledgeSnapshot;
import org.crowdfund.proto.events.v1.PledgeVoided;
import org.crowdfund.proto.events.v1.ReservationExpired;
import org.crowdfund.proto.events.v1.ReservationExpiring;
import org.crowdfund.proto.events.v1.ReservationOffered;
import org.crowdfund.proto.events.v1.SettlementOutcome;
import org.crowdfund.proto.notification.v1.ListNotificationsRequest;
import org.crowdfund.proto.notification.v1.NotificationType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.notification.NotificationHarness.*;

/** What each kind of message says, to whom, with which links and headers, over real SMTP. */
class MessageContentTest {
    private final Instant t0 = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void aMilestoneReachesEveryCurrentBackerWithAmountsInTheCampaignsZeroDecimalCurrency() throws Exception {
        var campaign = Events.campaign("Tea kettle", "JPY");
        var aiko = Events.backer("Aiko", "ja-JP");
        var ben = Events.backer("Ben", "en-US");
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        for (var backer : List.of(aiko, ben)) {
            var p = Events.pledge(campaign, backer, 15_000, "Early bird", "2027-03");
            publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(), Events.created(p, "pending", t0), t0.plusSeconds(1));
        }
        await(() -> count("SELECT count(*) FROM backing WHERE campaign_id = ?::uuid", campaign.id()) == 2);
        publish(EventSubjects.CAMPAIGN_MILESTONE_REACHED, CAMPAIGN_SERVICE, campaign.id(),
                Events.milestone(campaign, 50, 500_000, 1_000_000, t0.plusSeconds(5)), t0.plusSeconds(5));

        MimeMessage toBen = awaitMail(ben.email(), 1).get(0);
        assertThat(toBen.getSubject()).isEqualTo("Tea kettle reached 50% of its goal");
        assertThat(toBen.getAllRecipients()[0].toString()).contains(ben.email()).contains("Ben");
        String[] body = bodies(toBen);
        assertThat(body[0]).contains("Hello Ben,").contains("¥500,000 of ¥1,000,000 pledged")
                .contains("https://crowdfund.test/#/campaigns/" + campaign.id());
        assertThat(body[1]).contains("<a href=\"https://crowdfund.test/#/campaigns/" + campaign.id() + "\"");
        String unsubscribe = header(toBen, "List-Unsubscribe");
        assertThat(unsubscribe).startsWith("<https://crowdfund.test/notifications/unsubscribe?token=").endsWith(">");
        assertThat(header(toBen, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(header(toBen, "Message-ID")).endsWith("@crowdfund.notifications>");
        assertThat(body[0]).contains(unsubscribe.substring(1, unsubscribe.length() - 1));

        MimeMessage toAiko = awaitMail(aiko.email(), 1).get(0);
        assertThat(bodies(toAiko)[0]).contains("Hello Aiko,").containsPattern("[¥￥]500,000");

        // the creator has no known address yet: the milestone waits in their inbox
        var creator = new org.crowdfund.platform.grpc.Principal(campaign.creatorId(), java.util.Set.of("creator"),
                "", "");
        var inbox = as(creator).listNotifications(ListNotificationsRequest.getDefaultInstance());
        assertThat(inbox.getNotificationsList()).singleElement().satisfies(n -> {
            assertThat(n.getType()).isEqualTo(NotificationType.NOTIFICATION_TYPE_CREATOR_MILESTONE);
            assertThat(n.getTitle()).isEqualTo("Your campaign Tea kettle reached 50% of its goal");
            assertThat(n.getLink()).isEqualTo("https://crowdfund.test/#/campaigns/" + campaign.id() + "/dashboard");
        });
        assertThat(inbox.getUnreadCount()).isEqualTo(1);
    }

    @Test
    void aFundedCampaignTellsEachBackerTheirTierAmountChargedAndDeliveryAndTheCreatorTheTotals() throws Exception {
        var campaign = Events.campaign("Solar lamp", "USD");
        var cleo = Events.backer("Cleo", "en-US");
        var creator = new Events.Backer(campaign.creatorId(), campaign.creatorId() + "@example.com", "Cora", "en-US");
        as(principal(creator)).listNotifications(ListNotificationsRequest.getDefaultInstance()); // the directory learns her address
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        PledgeSnapshot p = Events.pledge(campaign, cleo, 12_550, "Two lamps", "2027-05");
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(), Events.created(p, "pending", t0), t0.plusSeconds(1));
        publish(EventSubjects.PLEDGE_CAPTURED, PLEDGE_SERVICE, p.getPledgeId(), PledgeCaptured.newBuilder().setPledge(p)
                .setCapturedMinor(12_550).setCapturedAt(ProtoTime.timestamp(t0.plusSeconds(60))).build(), t0.plusSeconds(60));
        await(() -> count("SELECT count(*) FROM backing WHERE pledge_id = ?::uuid AND state = 'captured'", p.getPledgeId()) == 1);
        publish(EventSubjects.CAMPAIGN_SETTLED, PLEDGE_SERVICE, campaign.id(), CampaignSettled.newBuilder()
                .setCampaignId(campaign.id()).setOutcome(SettlementOutcome.SETTLEMENT_OUTCOME_FUNDED).setCurrency("USD")
                .setGoalMinor(1_000_000).setPledgedMinor(1_200_000).setCapturedMinor(1_150_000).setCapturedCount(90)
                .setVoidedCount(0).setFailedCount(3).build(), t0.plusSeconds(90));

        List<MimeMessage> toCleo = awaitMail(cleo.email(), 2);
        MimeMessage receipt = toCleo.stream().filter(m -> subject(m).startsWith("Receipt")).findFirst().orElseThrow();
        assertThat(receipt.getSubject()).isEqualTo("Receipt: $125.50 for Solar lamp");
        assertThat(bodies(receipt)[0]).contains("We charged $125.50").contains("Reward: Two lamps").contains("2026-11-30 10:01 UTC");
        assertThat(header(receipt, "List-Unsubscribe")).as("receipts cannot be unsubscribed").isNull();
        MimeMessage funded = toCleo.stream().filter(m -> subject(m).equals("Solar lamp is funded")).findFirst().orElseThrow();
        assertThat(bodies(funded)[0]).contains("Reward: Two lamps").contains("Amount charged: $125.50")
                .contains("Estimated delivery: 2027-05");

        MimeMessage settlement = awaitMail(creator.email(), 1).get(0);
        assertThat(settlement.getSubject()).isEqualTo("Solar lamp is settled: $11,500.00 collected");
        assertThat(bodies(settlement)[0]).contains("Pledged: $12,000.00 of $10,000.00").contains("from 90 pledges")
                .contains("Payments that failed (backers have 7 days to fix them): 3");
    }

    @Test
    void aFailedCampaignTellsBackersTheHoldWasVoidedAndNothingCharged() throws Exception {
        var campaign = Events.campaign("Board game", "EUR");
        var dan = Events.backer("Dan", "en-GB");
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        PledgeSnapshot p = Events.pledge(campaign, dan, 4_000, "", "");
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(), Events.created(p, "pending", t0), t0.plusSeconds(1));
        publish(EventSubjects.PLEDGE_VOIDED, PLEDGE_SERVICE, p.getPledgeId(), PledgeVoided.newBuilder().setPledge(p)
                .setVoidedAt(ProtoTime.timestamp(t0.plusSeconds(50))).build(), t0.plusSeconds(50));
        await(() -> count("SELECT count(*) FROM backing WHERE pledge_id = ?::uuid AND state = 'voided'", p.getPledgeId()) == 1);
        publish(EventSubjects.CAMPAIGN_SETTLED, PLEDGE_SERVICE, campaign.id(), CampaignSettled.newBuilder()
                .setCampaignId(campaign.id()).setOutcome(SettlementOutcome.SETTLEMENT_OUTCOME_FAILED).setCurrency("EUR")
                .setGoalMinor(1_000_000).setPledgedMinor(4_000).setVoidedCount(1).build(), t0.plusSeconds(60));

        MimeMessage failed = awaitMail(dan.email(), 1).get(0);
        assertThat(failed.getSubject()).isEqualTo("Board game did not reach its goal; you have not been charged");
        assertThat(bodies(failed)[0]).contains("The hold of €40.00 on your card has been voided and nothing was charged")
                .contains("€40.00 of its €10,000.00 goal");
    }

    @Test
    void aCreatorUpdateReachesBackersButNotThoseWhoCancelled() throws Exception {
        var campaign = Events.campaign("Bike bell", "GBP");
        var eve = Events.backer("Eve", "en-GB");
        var fay = Events.backer("Fay", "en-GB");
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        PledgeSnapshot pe = Events.pledge(campaign, eve, 2_000, "Bell", "");
        PledgeSnapshot pf = Events.pledge(campaign, fay, 2_000, "Bell", "");
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, pe.getPledgeId(), Events.created(pe, "pending", t0), t0.plusSeconds(1));
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, pf.getPledgeId(), Events.created(pf, "pending", t0), t0.plusSeconds(1));
        publish(EventSubjects.PLEDGE_CANCELLED, PLEDGE_SERVICE, pf.getPledgeId(), PledgeCancelled.newBuilder().setPledge(pf)
                .setCancelledAt(ProtoTime.timestamp(t0.plusSeconds(20))).build(), t0.plusSeconds(20));
        await(() -> count("SELECT count(*) FROM backing WHERE pledge_id = ?::uuid AND state = 'cancelled'", pf.getPledgeId()) == 1);
        publish(EventSubjects.CREATOR_UPDATE_POSTED, CAMPAIGN_SERVICE, campaign.id(), CreatorUpdatePosted.newBuilder()
                .setCampaignId(campaign.id()).setUpdateId(UUID.randomUUID().toString()).setAuthorId(campaign.creatorId())
                .setTitle("Prototype <done>").setBody("We rang it 1000 times.\n\nShipping next.").setCampaignTitle(campaign.title())
                .build(), t0.plusSeconds(30));

        MimeMessage update = awaitMail(eve.email(), 1).get(0);
        assertThat(update.getSubject()).isEqualTo("Bike bell: Prototype <done>");
        assertThat(bodies(update)[0]).contains("We rang it 1000 times.");
        assertThat(bodies(update)[1]).as("HTML escapes what creators write").contains("Prototype &lt;done&gt;");
        MimeMessage cancelled = awaitMail(fay.email(), 1).get(0);
        assertThat(cancelled.getSubject()).isEqualTo("Your pledge to Bike bell is cancelled");
        assertThat(bodies(cancelled)[0]).contains("Your pledge of £20.00 to Bike bell is cancelled")
                .contains("you will not be charged");
        await(() -> count("SELECT count(*) FROM fanout WHERE campaign_id = ?::uuid AND done_at IS NOT NULL", campaign.id()) == 1);
        assertThat(mailTo(fay.email())).as("Fay cancelled before the update: only her cancellation").hasSize(1);
    }

    @Test
    void aFailedPaymentSaysWhatToDoByWhenWithTheLinkThatFixesIt() throws Exception {
        var campaign = Events.campaign("Camera strap", "USD");
        var gus = Events.backer("Gus", "en-US");
        PledgeSnapshot p = Events.pledge(campaign, gus, 3_000, "Strap", "2027-01");
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(), Events.created(p, "pending", t0), t0);
        publish(EventSubjects.PLEDGE_PAYMENT_FAILED, PLEDGE_SERVICE, p.getPledgeId(), PledgePaymentFailed.newBuilder()
                .setPledge(p).setFailureCode("card_declined").setDeclineCode("insufficient_funds")
                .setMessage("Your card has insufficient funds.").setAtSettlement(true)
                .setFixBefore(ProtoTime.timestamp(Instant.parse("2026-12-07T10:00:00Z")))
                .setFailedAt(ProtoTime.timestamp(t0.plusSeconds(100))).build(), t0.plusSeconds(100));

        MimeMessage failed = awaitMail(gus.email(), 1).get(0);
        assertThat(failed.getSubject()).isEqualTo("Action needed: your payment for Camera strap did not go through");
        assertThat(bodies(failed)[0]).contains("charging $30.00 for your pledge failed")
                .contains("What happened: Your card has insufficient funds.")
                .contains("before 2026-12-07 10:00 UTC")
                .contains("Fix your payment: https://crowdfund.test/#/me/pledges/" + p.getPledgeId());
        assertThat(header(failed, "List-Unsubscribe")).isNull();
    }

    @Test
    void reservationsWarnBeforeExpiryTellWhenExpiredAndOfferWaitlistSlotsWithTheirCountdown() {
        var campaign = Events.campaign("Desk lamp", "USD");
        var hal = Events.backer("Hal", "en-US");
        as(principal(hal)).listNotifications(ListNotificationsRequest.getDefaultInstance());
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        // Campaign and reservation events travel on separate consumers with no order between them;
        // the campaign's title is known once its launch has been applied.
        await(() -> count("SELECT count(*) FROM campaign WHERE campaign_id = ?::uuid", campaign.id()) == 1);
        String tier = UUID.randomUUID().toString();
        String held = UUID.randomUUID().toString();
        Instant expires = t0.plusSeconds(11 * 60);
        publish(EventSubjects.RESERVATION_EXPIRING, RESERVATION_SERVICE, held, ReservationExpiring.newBuilder()
                .setReservationId(held).setTierId(tier).setCampaignId(campaign.id()).setBackerId(hal.id())
                .setExpiresAt(ProtoTime.timestamp(expires)).build(), expires.minusSeconds(120));
        publish(EventSubjects.RESERVATION_EXPIRED, RESERVATION_SERVICE, held, ReservationExpired.newBuilder()
                .setReservationId(held).setTierId(tier).setCampaignId(campaign.id()).setBackerId(hal.id()).setQuantity(1)
                .setExpiresAt(ProtoTime.timestamp(expires)).setExpiredAt(ProtoTime.timestamp(expires)).build(), expires);
        String offer = UUID.randomUUID().toString();
        publish(EventSubjects.RESERVATION_OFFERED, RESERVATION_SERVICE, offer, ReservationOffered.newBuilder()
                .setReservationId(offer).setWaitlistEntryId(UUID.randomUUID().toString()).setTierId(tier)
                .setCampaignId(campaign.id()).setBackerId(hal.id()).setQuantity(1)
                .setOfferedAt(ProtoTime.timestamp(expires.plusSeconds(60)))
                .setExpiresAt(ProtoTime.timestamp(expires.plusSeconds(60 + 15 * 60))).build(), expires.plusSeconds(60));

        List<MimeMessage> all = awaitMail(hal.email(), 3);
        assertThat(all).extracting(MessageContentTest::subject).containsExactlyInAnyOrder(
                "Your reserved reward expires in 2 minutes",
                "Your reserved reward for Desk lamp has expired",
                "A reward slot for Desk lamp is yours for 15 minutes");
        MimeMessage offered = all.stream().filter(m -> subject(m).startsWith("A reward slot")).findFirst().orElseThrow();
        assertThat(bodies(offered)[0]).contains("held for you for 15 minutes, until 2026-11-30 10:27 UTC")
                .contains("https://crowdfund.test/#/campaigns/" + campaign.id());
    }

    @Test
    void theCreatorHearsThatTheCampaignEnded() throws Exception {
        var campaign = Events.campaign("Garden tool", "JPY");
        var creator = new Events.Backer(campaign.creatorId(), campaign.creatorId() + "@example.com", "Ida", "en-US");
        as(principal(creator)).listNotifications(ListNotificationsRequest.getDefaultInstance());
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        publish(EventSubjects.CAMPAIGN_ENDED, CAMPAIGN_SERVICE, campaign.id(), CampaignEnded.newBuilder()
                .setCampaignId(campaign.id()).setCurrency("JPY").setGoalMinor(300_000).setPledgedMinor(412_345)
                .setEndAt(ProtoTime.timestamp(t0)).setEndedAt(ProtoTime.timestamp(t0)).build(), t0.plusSeconds(5));

        MimeMessage ended = awaitMail(creator.email(), 1).get(0);
        assertThat(ended.getSubject()).isEqualTo("Your campaign Garden tool has ended");
        assertThat(bodies(ended)[0]).contains("with ¥412,345 pledged of your ¥300,000 goal");
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(condition);
    }
}
