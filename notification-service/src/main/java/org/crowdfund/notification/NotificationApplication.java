package org.crowdfund.notification;

import io.micronaut.runtime.Micronaut;

/**
 * notification-service: turns platform events into e-mails (SMTP) and in-app inbox entries, with
 * preferences and one-click unsubscribe. See docs/notifications.md.
 */
public final class NotificationApplication {
    private NotificationApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(NotificationApplication.class, args);
    }
}
