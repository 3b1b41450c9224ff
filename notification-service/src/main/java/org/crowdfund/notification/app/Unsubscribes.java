package org.crowdfund.notification.app;

import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.notification.domain.Preference;
import org.crowdfund.notification.domain.UnsubscribeTokens;
import org.crowdfund.notification.store.PreferenceStore;
import org.crowdfund.notification.store.RecipientStore;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.sql.Transactions;


import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Signed one-click unsubscribe: links in e-mails carry a token naming the recipient and type;
 * presenting it turns off e-mail of that type for that recipient, without signing in.
 */
@Singleton
public class Unsubscribes {
    /** Only for local mode: links made with it are worthless anywhere else. */
    static final String LOCAL_SECRET = "crowdfund-local-unsubscribe-secret-not-for-production";

    private final UnsubscribeTokens tokens;
    private final Transactions tx;
    private final PreferenceStore preferences;
    private final RecipientStore recipients;

    public Unsubscribes(NotificationSettings settings, Transactions tx, PreferenceStore preferences,
                        RecipientStore recipients) {
        String secret = settings.getUnsubscribeSecret();
        if (secret.isBlank()) {
            if (!settings.isLocalMode()) {
                throw new ConfigurationException("NOTIFICATION_UNSUBSCRIBE_SECRET (at least 32 bytes) is required outside local mode");
            }
            secret = LOCAL_SECRET;
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ConfigurationException("NOTIFICATION_UNSUBSCRIBE_SECRET must be at least 32 bytes");
        }
        this.tokens = new UnsubscribeTokens(secret.getBytes(StandardCharsets.UTF_8));
        this.tx = tx;
        this.preferences = preferences;
        this.recipients = recipients;
    }

    /** The token for a link, or empty for transactional types (they have no unsubscribe link). */
    public Optional<String> token(String recipientId, NotificationType type) {
        return type.transactional() ? Optional.empty() : Optional.of(tokens.sign(recipientId, type));
    }

    public record Outcome(NotificationType type, String maskedEmail, boolean alreadyOff) {
    }

    /** What the token would do, for a confirmation page; changes nothing. */
    public Outcome describe(String token) {
        UnsubscribeTokens.Claim claim = verify(token);
        return tx.read(() -> new Outcome(claim.type(), masked(claim.recipientId()),
                !preferences.of(claim.recipientId(), claim.type()).email()));
    }

    /** Turns e-mail of the token's type off; doing it again changes nothing. */
    public Outcome unsubscribe(String token) {
        UnsubscribeTokens.Claim claim = verify(token);
        return tx.write(() -> {
            Preference current = preferences.of(claim.recipientId(), claim.type());
            preferences.save(claim.recipientId(), current.with(false, null));
            return new Outcome(claim.type(), masked(claim.recipientId()), true);
        });
    }

    private UnsubscribeTokens.Claim verify(String token) {
        if (token == null || token.isBlank()) {
            throw ServiceException.invalid("token", "is required: the token from the unsubscribe link");
        }
        UnsubscribeTokens.Claim claim = tokens.verify(token).orElseThrow(() -> ServiceException.invalid("token",
                "is not a valid unsubscribe token; use the link from the e-mail exactly as it is, or sign in and change "
                        + "your notification settings"));
        if (claim.type().transactional()) {
            throw ServiceException.failedPrecondition("TRANSACTIONAL_NOTIFICATION",
                    claim.type().wireName() + " messages are about your money or pledge and cannot be turned off");
        }
        return claim;
    }

    private String masked(String recipientId) {
        String email = recipients.find(recipientId).map(RecipientStore.Contact::email).orElse("");
        int at = email.indexOf('@');
        if (at <= 0) {
            return "";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }
}
