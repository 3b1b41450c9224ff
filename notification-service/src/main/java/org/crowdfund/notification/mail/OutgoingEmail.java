package org.crowdfund.notification.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One message to send. {@code messageId} is the local part of its Message-ID, derived from
 * (event, recipient, channel) by {@link #messageId(String, String)}: every attempt at the same
 * e-mail carries the same Message-ID, so should one ever go out twice it is recognisably the same
 * message (mail clients that de-duplicate by Message-ID show it once).
 */
public record OutgoingEmail(UUID notificationId, String messageId, String to, String toName, String subject, String text,
                            String html, String unsubscribeUrl) {

    /** The e-mail channel's Message-ID local part of the notification keyed by (dedup key, recipient). */
    public static String messageId(String dedupKey, String recipientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((dedupKey + "\n" + recipientId + "\nemail").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
