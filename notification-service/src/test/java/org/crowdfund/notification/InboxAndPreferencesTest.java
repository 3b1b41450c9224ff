package org.crowdfund.notification;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.mail.internet.MimeMessage;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.events.v1.PledgeSnapshot;
import org.crowdfund.proto.notification.v1.DescribeUnsubscribeRequest;
import org.crowdfund.proto.notification.v1.GetPreferencesRequest;
import org.crowdfund.proto.notification.v1.ListNotificationsRequest;
import org.crowdfund.proto.notification.v1.MarkReadRequest;
import org.crowdfund.proto.notification.v1.NotificationType;
import org.crowdfund.proto.notification.v1.PreferenceChange;
import org.crowdfund.proto.notification.v1.UnsubscribeRequest;
import org.crowdfund.proto.notification.v1.UpdatePreferencesRequest;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.notification.NotificationHarness.*;

/** The in-app inbox, channel preferences and the one-click unsubscribe link, over gRPC. */
class InboxAndPreferencesTest {
    private final Instant t0 = Instant.parse("2026-11-30T16:00:00Z");

    @Test
    void theInboxPagesNewestFirstCountsUnreadAndMarksReadOnlyTheCallersOwn() {
        var campaign = Events.campaign("Scarf", "USD");
        var jo = Events.backer("Jo", "en-US");
        for (int i = 0; i < 3; i++) {
            PledgeSnapshot p = Events.pledge(campaign, jo, 1_000 + i, "", "");
            publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(), Events.created(p, "captured", t0), t0.plusSeconds(i));
        }
        Principal me = principal(jo);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                as(me).listNotifications(ListNotificationsRequest.getDefaultInstance()).getUnreadCount() == 3);
        var first = as(me).listNotifications(ListNotificationsRequest.newBuilder().setPageSize(2).build());
        assertThat(first.getNotificationsList()).hasSize(2);
        assertThat(first.getNextPageToken()).isNotEmpty();
        var second = as(me).listNotifications(ListNotificationsRequest.newBuilder().setPageSize(2)
                .setPageToken(first.getNextPageToken()).build());
        assertThat(second.getNotificationsList()).hasSize(1);
        assertThat(second.getNextPageToken()).isEmpty();

        String id = first.getNotifications(0).getNotificationId();
        var read = as(me).markRead(MarkReadRequest.newBuilder().setNotificationId(id).build());
        assertThat(read.getNotification().hasReadAt()).isTrue();
        assertThat(read.getUnreadCount()).isEqualTo(2);
        assertThat(as(me).markRead(MarkReadRequest.newBuilder().setNotificationId(id).build()).getNotification().getReadAt())
                .as("marking again keeps the first read time").isEqualTo(read.getNotification().getReadAt());
        assertThat(as(me).listNotifications(ListNotificationsRequest.newBuilder().setUnreadOnly(true).build())
                .getNotificationsList()).hasSize(2);

        var stranger = Principal.of("someone-" + UUID.randomUUID(), Principal.ROLE_BACKER);
        var notMine = catchThrowableOfType(() -> as(stranger).markRead(MarkReadRequest.newBuilder().setNotificationId(
                second.getNotifications(0).getNotificationId()).build()), StatusRuntimeException.class);
        assertThat(notMine.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(as(me).listNotifications(ListNotificationsRequest.getDefaultInstance()).getUnreadCount()).isEqualTo(2);

        assertRefused(() -> as(me).listNotifications(ListNotificationsRequest.newBuilder().setPageSize(101).build()),
                Status.Code.INVALID_ARGUMENT, "page_size");
        assertRefused(() -> as(me).listNotifications(ListNotificationsRequest.newBuilder().setPageToken("nope").build()),
                Status.Code.INVALID_ARGUMENT, "page_token");
        assertRefused(() -> as(me).markRead(MarkReadRequest.newBuilder().setNotificationId("42").build()),
                Status.Code.INVALID_ARGUMENT, "notification_id");
        assertRefused(() -> NotificationHarness.as(Principal.ANONYMOUS).listNotifications(ListNotificationsRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED, "");
    }

    @Test
    void anUnsubscribedBackerGetsNoMoreMilestonesButStillGetsReceipts() throws Exception {
        var campaign = Events.campaign("Tent", "USD");
        var kai = Events.backer("Kai", "en-US");
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        PledgeSnapshot p = Events.pledge(campaign, kai, 9_900, "Tent", "");
        publish(EventSubjects.PLEDGE_CREATED, PLEDGE_SERVICE, p.getPledgeId(), Events.created(p, "pending", t0), t0);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM backing WHERE pledge_id = ?::uuid", p.getPledgeId()) == 1);
        publish(EventSubjects.CAMPAIGN_MILESTONE_REACHED, CAMPAIGN_SERVICE, campaign.id(),
                Events.milestone(campaign, 25, 10_000, 40_000, t0.plusSeconds(1)), t0.plusSeconds(1));
        MimeMessage first = awaitMail(kai.email(), 1).get(0);
        String link = header(first, "List-Unsubscribe");
        String token = URLDecoder.decode(link.substring(link.indexOf("token=") + 6, link.length() - 1), StandardCharsets.UTF_8);

        var described = as(Principal.ANONYMOUS).describeUnsubscribe(DescribeUnsubscribeRequest.newBuilder().setToken(token).build());
        assertThat(described.getType()).isEqualTo(NotificationType.NOTIFICATION_TYPE_MILESTONE_REACHED);
        assertThat(described.getMaskedEmail()).startsWith("b***@example.com".substring(0, 1)).endsWith("@example.com");
        assertThat(described.getAlreadyUnsubscribed()).isFalse();
        assertRefused(() -> as(Principal.ANONYMOUS).unsubscribe(UnsubscribeRequest.newBuilder().setToken(token + "x").build()),
                Status.Code.INVALID_ARGUMENT, "token");
        // unsubscribing needs no signed-in caller, and twice is the same as once
        as(Principal.ANONYMOUS).unsubscribe(UnsubscribeRequest.newBuilder().setToken(token).build());
        as(Principal.ANONYMOUS).unsubscribe(UnsubscribeRequest.newBuilder().setToken(token).build());
        assertThat(as(principal(kai)).getPreferences(GetPreferencesRequest.getDefaultInstance()).getPreferencesList())
                .filteredOn(pref -> pref.getType() == NotificationType.NOTIFICATION_TYPE_MILESTONE_REACHED)
                .singleElement().satisfies(pref -> {
                    assertThat(pref.getEmail()).isFalse();
                    assertThat(pref.getInApp()).isTrue();
                });

        publish(EventSubjects.CAMPAIGN_MILESTONE_REACHED, CAMPAIGN_SERVICE, campaign.id(),
                Events.milestone(campaign, 50, 20_000, 40_000, t0.plusSeconds(2)), t0.plusSeconds(2));
        publish(EventSubjects.PLEDGE_CAPTURED, PLEDGE_SERVICE, p.getPledgeId(), org.crowdfund.proto.events.v1.PledgeCaptured
                .newBuilder().setPledge(p).setCapturedMinor(9_900).build(), t0.plusSeconds(3));
        var receipts = awaitMail(kai.email(), 2);
        assertThat(receipts).extracting(MessageContentTest::subject)
                .containsExactlyInAnyOrder("Tent reached 25% of its goal", "Receipt: $99.00 for Tent");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM notification WHERE recipient_id = ? AND type = 'milestone_reached'", kai.id()) == 2);
        assertThat(count("SELECT count(*) FROM email_delivery d JOIN notification n ON n.id = d.notification_id "
                + "WHERE n.recipient_id = ? AND n.type = 'milestone_reached'", kai.id()))
                .as("the second milestone is in the inbox only").isEqualTo(1);
        assertThat(mailTo(kai.email())).hasSize(2);
    }

    @Test
    void preferencesChangePerTypeAndRefuseBadInputWithoutChangingAnything() {
        var lu = Events.backer("Lu", "en-US");
        Principal me = principal(lu);
        var defaults = as(me).getPreferences(GetPreferencesRequest.getDefaultInstance()).getPreferencesList();
        assertThat(defaults).hasSize(14).allSatisfy(p -> assertThat(p.getEmail() && p.getInApp()).isTrue());
        assertThat(defaults).filteredOn(p -> p.getTransactional()).extracting(p -> p.getType()).containsExactlyInAnyOrder(
                NotificationType.NOTIFICATION_TYPE_RECEIPT, NotificationType.NOTIFICATION_TYPE_PAYMENT_FAILED,
                NotificationType.NOTIFICATION_TYPE_PLEDGE_CANCELLED);

        var updated = as(me).updatePreferences(UpdatePreferencesRequest.newBuilder().addChanges(PreferenceChange.newBuilder()
                .setType(NotificationType.NOTIFICATION_TYPE_CREATOR_UPDATE).setEmail(false)).build()).getPreferencesList();
        assertThat(updated).filteredOn(p -> p.getType() == NotificationType.NOTIFICATION_TYPE_CREATOR_UPDATE)
                .singleElement().satisfies(p -> assertThat(p.getEmail()).isFalse());

        assertRefused(() -> as(me).updatePreferences(UpdatePreferencesRequest.newBuilder().addChanges(PreferenceChange.newBuilder()
                .setType(NotificationType.NOTIFICATION_TYPE_RECEIPT).setEmail(false)).addChanges(PreferenceChange.newBuilder()
                .setType(NotificationType.NOTIFICATION_TYPE_MILESTONE_REACHED).setEmail(false)).build()),
                Status.Code.INVALID_ARGUMENT, "changes[0].email");
        assertRefused(() -> as(me).updatePreferences(UpdatePreferencesRequest.newBuilder().addChanges(PreferenceChange.newBuilder()
                .setType(NotificationType.NOTIFICATION_TYPE_UNSPECIFIED).setEmail(false)).build()),
                Status.Code.INVALID_ARGUMENT, "changes[0].type");
        assertRefused(() -> as(me).updatePreferences(UpdatePreferencesRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "changes");
        assertThat(as(me).getPreferences(GetPreferencesRequest.getDefaultInstance()).getPreferencesList())
                .as("nothing changed by the refused requests")
                .filteredOn(p -> p.getType() == NotificationType.NOTIFICATION_TYPE_MILESTONE_REACHED)
                .singleElement().satisfies(p -> assertThat(p.getEmail()).isTrue());
    }

    @Test
    void aCreatorWithNoKnownAddressGetsTheMilestoneInTheInboxEvenWithTheInboxTurnedOffAndItIsCounted() {
        var campaign = Events.campaign("Desk lamp", "EUR");
        // signed in without an e-mail address in the token: the directory learns none
        Principal creator = new Principal(campaign.creatorId(), java.util.Set.of("creator"), "", "");
        as(creator).updatePreferences(UpdatePreferencesRequest.newBuilder().addChanges(PreferenceChange.newBuilder()
                .setType(NotificationType.NOTIFICATION_TYPE_CREATOR_MILESTONE).setInApp(false)).build());
        double before = noAddressCount();
        Instant t0 = Instant.parse("2026-11-30T14:00:00Z");
        publish(EventSubjects.CAMPAIGN_LAUNCHED, CAMPAIGN_SERVICE, campaign.id(), Events.launched(campaign, t0), t0);
        publish(EventSubjects.CAMPAIGN_MILESTONE_REACHED, CAMPAIGN_SERVICE, campaign.id(),
                Events.milestone(campaign, 25, 2_500, 10_000, t0.plusSeconds(5)), t0.plusSeconds(5));

        await().atMost(Duration.ofSeconds(30)).until(() -> as(creator)
                .listNotifications(ListNotificationsRequest.getDefaultInstance()).getNotificationsCount() == 1);
        assertThat(as(creator).listNotifications(ListNotificationsRequest.getDefaultInstance()).getNotifications(0).getType())
                .isEqualTo(NotificationType.NOTIFICATION_TYPE_CREATOR_MILESTONE);
        assertThat(count("SELECT count(*) FROM email_delivery d JOIN notification n ON n.id = d.notification_id "
                + "WHERE n.recipient_id = ?", campaign.creatorId())).as("no e-mail without an address").isZero();
        assertThat(noAddressCount()).isGreaterThanOrEqualTo(before + 1);
    }

    private static double noAddressCount() {
        return service().getBean(io.micrometer.core.instrument.MeterRegistry.class).counter("notifications.email.no_address").count();
    }

    static void assertRefused(Runnable call, Status.Code code, String field) {
        var error = catchThrowableOfType(call::run, StatusRuntimeException.class);
        assertThat(error).as("refused").isNotNull();
        assertThat(error.getStatus().getCode()).isEqualTo(code);
        assertThat(error.getStatus().getDescription()).contains(field);
    }
}
