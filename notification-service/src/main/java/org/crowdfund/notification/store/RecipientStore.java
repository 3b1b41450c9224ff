package org.crowdfund.notification.store;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.util.Optional;

/** The contact directory: the newest address, name and locale seen for each recipient. */
@Singleton
public class RecipientStore {
    private final Sql sql;

    public RecipientStore(Sql sql) {
        this.sql = sql;
    }

    public record Contact(String recipientId, String email, String displayName, String locale) {
    }

    /** Records a contact seen at {@code at}; an older sighting never overwrites a newer one. */
    public void learn(String recipientId, String email, String displayName, String locale, Instant at) {
        if (recipientId.isEmpty() || email.isBlank()) {
            return;
        }
        sql.update("""
                INSERT INTO recipient (recipient_id, email, display_name, locale, contact_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (recipient_id) DO UPDATE
                   SET email = EXCLUDED.email, display_name = EXCLUDED.display_name,
                       locale = CASE WHEN EXCLUDED.locale = '' THEN recipient.locale ELSE EXCLUDED.locale END,
                       contact_at = EXCLUDED.contact_at
                 WHERE recipient.contact_at < EXCLUDED.contact_at
                   AND (recipient.email, recipient.display_name, recipient.locale)
                       IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.display_name, EXCLUDED.locale)""",
                recipientId, email.strip(), displayName.strip(), locale.strip(), at);
    }

    public Optional<Contact> find(String recipientId) {
        return sql.one("SELECT recipient_id, email, display_name, locale FROM recipient WHERE recipient_id = ?",
                rs -> new Contact(rs.getString("recipient_id"), rs.getString("email"), rs.getString("display_name"),
                        rs.getString("locale")), recipientId);
    }
}
