package org.crowdfund.notification.app;

import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.notification.domain.Preference;
import org.crowdfund.notification.store.EmailStore;
import org.crowdfund.notification.store.NotificationStore;
import org.crowdfund.notification.store.NotificationStore.Notification;
import org.crowdfund.notification.store.PreferenceStore;
import org.crowdfund.notification.store.RecipientStore;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.sql.Transactions;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a signed-in recipient does with their notifications: read the inbox, mark read, choose
 * channels. The recipient is always the caller. Their address, name and locale from the call
 * go into the directory, so later e-mails (reservations, creator news) can reach them.
 */
@Singleton
public class Inbox {
    public static final int DEFAULT_PAGE = 20;
    public static final int MAX_PAGE = 100;

    private final Transactions tx;
    private final NotificationStore notifications;
    private final PreferenceStore preferences;
    private final RecipientStore recipients;
    private final EmailStore emails;
    private final Clock clock;

    public Inbox(Transactions tx, NotificationStore notifications, PreferenceStore preferences,
                 RecipientStore recipients, EmailStore emails, Clock clock) {
        this.tx = tx;
        this.notifications = notifications;
        this.preferences = preferences;
        this.recipients = recipients;
        this.emails = emails;
        this.clock = clock;
    }

    public record Page(List<Notification> notifications, String nextPageToken, long unreadCount) {
    }

    public Page list(Principal caller, int pageSize, String pageToken, boolean unreadOnly) {
        PageTokens.Position after = PageTokens.decode(pageToken, "page_token");
        int size = pageSize == 0 ? DEFAULT_PAGE : pageSize;
        return tx.write(() -> {
            learn(caller);
            List<Notification> rows = notifications.inbox(caller.subject(), unreadOnly,
                    after == null ? null : after.at(), after == null ? null : after.id(), size + 1);
            String next = "";
            if (rows.size() > size) {
                rows = rows.subList(0, size);
                Notification last = rows.get(size - 1);
                next = PageTokens.encode(last.createdAt(), last.id());
            }
            return new Page(List.copyOf(rows), next, notifications.unreadCount(caller.subject()));
        });
    }

    public record Read(Notification notification, long unreadCount) {
    }

    public Read markRead(Principal caller, UUID notificationId) {
        return tx.write(() -> {
            Notification n = notifications.markRead(notificationId, caller.subject(), clock.instant())
                    .orElseThrow(() -> ServiceException.notFound("NOTIFICATION_NOT_FOUND",
                            "you have no notification " + notificationId + "; list your notifications for their ids"));
            return new Read(n, notifications.unreadCount(caller.subject()));
        });
    }

    public Map<NotificationType, Preference> preferences(Principal caller) {
        return tx.write(() -> {
            learn(caller);
            return preferences.all(caller.subject());
        });
    }

    public record Change(NotificationType type, Boolean email, Boolean inApp) {
    }

    /** Applies every change or none (the caller's request was validated as a whole before). */
    public Map<NotificationType, Preference> updatePreferences(Principal caller, List<Change> changes) {
        return tx.write(() -> {
            Map<NotificationType, Preference> all = preferences.all(caller.subject());
            for (Change change : changes) {
                preferences.save(caller.subject(), all.get(change.type()).with(change.email(), change.inApp()));
            }
            return preferences.all(caller.subject());
        });
    }

    public record Parked(List<EmailStore.Parked> emails, String nextPageToken, long total) {
    }

    public Parked parked(int pageSize, String pageToken) {
        PageTokens.Position after = PageTokens.decode(pageToken, "page_token");
        int size = pageSize == 0 ? 100 : pageSize;
        return tx.read(() -> {
            List<EmailStore.Parked> rows = emails.parked(after == null ? null : after.at(), after == null ? null : after.id(), size + 1);
            String next = "";
            if (rows.size() > size) {
                rows = rows.subList(0, size);
                EmailStore.Parked last = rows.get(size - 1);
                next = PageTokens.encode(last.parkedAt(), last.notificationId());
            }
            return new Parked(List.copyOf(rows), next, emails.parkedCount());
        });
    }

    public int requeue(List<UUID> ids) {
        return tx.write(() -> emails.requeue(ids, clock.instant()));
    }

    private void learn(Principal caller) {
        recipients.learn(caller.subject(), caller.email(), caller.name(), "", clock.instant());
    }
}
