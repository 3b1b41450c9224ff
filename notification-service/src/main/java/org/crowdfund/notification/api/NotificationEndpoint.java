package org.crowdfund.notification.api;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.crowdfund.notification.app.Inbox;
import org.crowdfund.notification.app.Unsubscribes;
import org.crowdfund.notification.domain.Preference;
import org.crowdfund.notification.store.EmailStore;
import org.crowdfund.notification.store.NotificationStore;
import org.crowdfund.platform.grpc.CallContext;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.proto.notification.v1.DescribeUnsubscribeRequest;
import org.crowdfund.proto.notification.v1.DescribeUnsubscribeResponse;
import org.crowdfund.proto.notification.v1.GetPreferencesRequest;
import org.crowdfund.proto.notification.v1.GetPreferencesResponse;
import org.crowdfund.proto.notification.v1.ListNotificationsRequest;
import org.crowdfund.proto.notification.v1.ListNotificationsResponse;
import org.crowdfund.proto.notification.v1.ListParkedEmailsRequest;
import org.crowdfund.proto.notification.v1.ListParkedEmailsResponse;
import org.crowdfund.proto.notification.v1.MarkReadRequest;
import org.crowdfund.proto.notification.v1.MarkReadResponse;
import org.crowdfund.proto.notification.v1.Notification;
import org.crowdfund.proto.notification.v1.NotificationServiceGrpc;
import org.crowdfund.proto.notification.v1.NotificationType;
import org.crowdfund.proto.notification.v1.ParkedEmail;
import org.crowdfund.proto.notification.v1.PreferenceChange;
import org.crowdfund.proto.notification.v1.RequeueParkedEmailsRequest;
import org.crowdfund.proto.notification.v1.RequeueParkedEmailsResponse;
import org.crowdfund.proto.notification.v1.UnsubscribeRequest;
import org.crowdfund.proto.notification.v1.UnsubscribeResponse;
import org.crowdfund.proto.notification.v1.UpdatePreferencesRequest;
import org.crowdfund.proto.notification.v1.UpdatePreferencesResponse;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** gRPC surface of notification-service: validates and maps; the rules live in app. */
@Singleton
public class NotificationEndpoint extends NotificationServiceGrpc.NotificationServiceImplBase {
    private static final int MAX_TOKEN = 2048;
    private static final int MAX_REQUEUE = 1000;

    private final Inbox inbox;
    private final Unsubscribes unsubscribes;

    public NotificationEndpoint(Inbox inbox, Unsubscribes unsubscribes) {
        this.inbox = inbox;
        this.unsubscribes = unsubscribes;
    }

    @Override
    public void listNotifications(ListNotificationsRequest request, StreamObserver<ListNotificationsResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        new Violations()
                .check(request.getPageSize() >= 0 && request.getPageSize() <= Inbox.MAX_PAGE, "page_size",
                        "must be between 1 and " + Inbox.MAX_PAGE + " (0 = default " + Inbox.DEFAULT_PAGE + ")")
                .check(request.getPageToken().length() <= MAX_TOKEN, "page_token", "is too long to be a page token")
                .throwIfAny();
        Inbox.Page page = inbox.list(caller, request.getPageSize(), request.getPageToken(), request.getUnreadOnly());
        response.onNext(ListNotificationsResponse.newBuilder()
                .addAllNotifications(page.notifications().stream().map(NotificationEndpoint::toProto).toList())
                .setNextPageToken(page.nextPageToken()).setUnreadCount(page.unreadCount()).build());
        response.onCompleted();
    }

    @Override
    public void markRead(MarkReadRequest request, StreamObserver<MarkReadResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        UUID id = Ids.parse(request.getNotificationId()).orElseThrow(() ->
                ServiceException.invalid("notification_id", "must be a notification id (UUID) from ListNotifications"));
        Inbox.Read read = inbox.markRead(caller, id);
        response.onNext(MarkReadResponse.newBuilder().setNotification(toProto(read.notification()))
                .setUnreadCount(read.unreadCount()).build());
        response.onCompleted();
    }

    @Override
    public void getPreferences(GetPreferencesRequest request, StreamObserver<GetPreferencesResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        response.onNext(GetPreferencesResponse.newBuilder().addAllPreferences(toProto(inbox.preferences(caller))).build());
        response.onCompleted();
    }

    @Override
    public void updatePreferences(UpdatePreferencesRequest request, StreamObserver<UpdatePreferencesResponse> response) {
        Principal caller = CallContext.requirePrincipal();
        Violations violations = new Violations().check(request.getChangesCount() > 0, "changes", "must name at least one type to change");
        Set<org.crowdfund.notification.domain.NotificationType> seen = EnumSet.noneOf(org.crowdfund.notification.domain.NotificationType.class);
        List<Inbox.Change> changes = new ArrayList<>();
        for (int i = 0; i < request.getChangesCount(); i++) {
            PreferenceChange change = request.getChanges(i);
            String field = "changes[" + i + "]";
            var type = fromProto(change.getType());
            if (type == null) {
                violations.add(field + ".type", "must be one of the notification types (" + knownTypes() + ")");
                continue;
            }
            violations.check(seen.add(type), field + ".type", "names " + type.wireName() + " a second time; one change per type");
            violations.check(change.hasEmail() || change.hasInApp(), field, "must set email or in_app");
            violations.check(!(type.transactional() && change.hasEmail() && !change.getEmail()), field + ".email",
                    type.wireName() + " messages are about your money or pledge; their e-mail cannot be turned off");
            changes.add(new Inbox.Change(type, change.hasEmail() ? change.getEmail() : null, change.hasInApp() ? change.getInApp() : null));
        }
        violations.throwIfAny();
        response.onNext(UpdatePreferencesResponse.newBuilder()
                .addAllPreferences(toProto(inbox.updatePreferences(caller, changes))).build());
        response.onCompleted();
    }

    @Override
    public void describeUnsubscribe(DescribeUnsubscribeRequest request, StreamObserver<DescribeUnsubscribeResponse> response) {
        Unsubscribes.Outcome outcome = unsubscribes.describe(request.getToken());
        response.onNext(DescribeUnsubscribeResponse.newBuilder().setType(toProto(outcome.type()))
                .setMaskedEmail(outcome.maskedEmail()).setAlreadyUnsubscribed(outcome.alreadyOff()).build());
        response.onCompleted();
    }

    @Override
    public void unsubscribe(UnsubscribeRequest request, StreamObserver<UnsubscribeResponse> response) {
        Unsubscribes.Outcome outcome = unsubscribes.unsubscribe(request.getToken());
        response.onNext(UnsubscribeResponse.newBuilder().setType(toProto(outcome.type()))
                .setMaskedEmail(outcome.maskedEmail()).build());
        response.onCompleted();
    }

    @Override
    public void listParkedEmails(ListParkedEmailsRequest request, StreamObserver<ListParkedEmailsResponse> response) {
        requireAdmin();
        new Violations()
                .check(request.getPageSize() >= 0 && request.getPageSize() <= 500, "page_size", "must be between 1 and 500 (0 = default 100)")
                .check(request.getPageToken().length() <= MAX_TOKEN, "page_token", "is too long to be a page token")
                .throwIfAny();
        Inbox.Parked page = inbox.parked(request.getPageSize(), request.getPageToken());
        ListParkedEmailsResponse.Builder out = ListParkedEmailsResponse.newBuilder()
                .setNextPageToken(page.nextPageToken()).setTotalParked(page.total());
        for (EmailStore.Parked p : page.emails()) {
            out.addEmails(ParkedEmail.newBuilder().setNotificationId(p.notificationId().toString()).setType(toProto(p.type()))
                    .setRecipientId(p.recipientId()).setEmail(p.email()).setAttempts(p.attempts())
                    .setLastError(p.lastError() == null ? "" : p.lastError()).setParkedAt(timestamp(p.parkedAt())));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void requeueParkedEmails(RequeueParkedEmailsRequest request, StreamObserver<RequeueParkedEmailsResponse> response) {
        requireAdmin();
        Violations violations = new Violations().check(request.getNotificationIdsCount() <= MAX_REQUEUE, "notification_ids",
                "at most " + MAX_REQUEUE + " per call; send none to requeue every parked e-mail");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < request.getNotificationIdsCount(); i++) {
            int index = i;
            Ids.parse(request.getNotificationIds(i)).ifPresentOrElse(ids::add,
                    () -> violations.add("notification_ids[" + index + "]", "must be a notification id (UUID)"));
        }
        violations.throwIfAny();
        response.onNext(RequeueParkedEmailsResponse.newBuilder().setRequeued(inbox.requeue(ids)).build());
        response.onCompleted();
    }

    private static void requireAdmin() {
        if (!CallContext.requirePrincipal().isAdmin()) {
            throw ServiceException.permissionDenied("only admins see and requeue parked e-mails");
        }
    }

    static Notification toProto(NotificationStore.Notification n) {
        Notification.Builder b = Notification.newBuilder().setNotificationId(n.id().toString()).setType(toProto(n.type()))
                .setTitle(n.title()).setBody(n.body()).setLink(n.link())
                .setCampaignId(n.campaignId() == null ? "" : n.campaignId().toString()).setCreatedAt(timestamp(n.createdAt()));
        if (n.readAt() != null) {
            b.setReadAt(timestamp(n.readAt()));
        }
        return b.build();
    }

    static List<org.crowdfund.proto.notification.v1.Preference> toProto(
            Map<org.crowdfund.notification.domain.NotificationType, Preference> all) {
        return all.values().stream().map(p -> org.crowdfund.proto.notification.v1.Preference.newBuilder()
                .setType(toProto(p.type())).setEmail(p.email()).setInApp(p.inApp())
                .setTransactional(p.type().transactional()).build()).toList();
    }

    static NotificationType toProto(org.crowdfund.notification.domain.NotificationType type) {
        return NotificationType.valueOf("NOTIFICATION_TYPE_" + type.name());
    }

    static org.crowdfund.notification.domain.NotificationType fromProto(NotificationType type) {
        if (type == NotificationType.NOTIFICATION_TYPE_UNSPECIFIED || type == NotificationType.UNRECOGNIZED) {
            return null;
        }
        return org.crowdfund.notification.domain.NotificationType.valueOf(type.name().substring("NOTIFICATION_TYPE_".length()));
    }

    private static String knownTypes() {
        return String.join(", ", java.util.Arrays.stream(org.crowdfund.notification.domain.NotificationType.values())
                .map(org.crowdfund.notification.domain.NotificationType::wireName).toList());
    }
}
