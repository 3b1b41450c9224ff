package org.crowdfund.notification.mail;

import java.util.UUID;

/**
 * One message to send. The Message-ID is derived from the notification id, so if a crash between
 * the SMTP server's acceptance and the database's "sent" makes the same e-mail go out again, it is
 * recognisably the same message.
 */
public record OutgoingEmail(UUID notificationId, String to, String toName, String subject, String text, String html,
                            String unsubscribeUrl) {
}
