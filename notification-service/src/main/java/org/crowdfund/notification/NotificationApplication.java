package org.crowdfund.notification;

import io.micronaut.runtime.Micronaut;

/** notification-service: Notifications by e-mail and in-app inbox (arrives with its own issue; serves health only for now). */
public final class NotificationApplication {
    private NotificationApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(NotificationApplication.class, args);
    }
}
