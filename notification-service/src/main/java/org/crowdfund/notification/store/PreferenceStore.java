package org.crowdfund.notification.store;

import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.notification.domain.Preference;
import org.crowdfund.platform.sql.Sql;

import java.util.EnumMap;
import java.util.Map;

/** Channel choices per recipient and type; a type never chosen has its defaults. */
@Singleton
public class PreferenceStore {
    private final Sql sql;

    public PreferenceStore(Sql sql) {
        this.sql = sql;
    }

    /** Every type's preference for the recipient, in the enum's order. */
    public Map<NotificationType, Preference> all(String recipientId) {
        Map<NotificationType, Preference> all = new EnumMap<>(NotificationType.class);
        for (NotificationType type : NotificationType.values()) {
            all.put(type, type.defaults());
        }
        for (Preference chosen : sql.query("SELECT type, email, in_app FROM preference WHERE recipient_id = ?",
                rs -> NotificationType.fromWireName(rs.getString("type"))
                        .map(type -> new Preference(type, bool(rs, "email"), bool(rs, "in_app"))).orElse(null), recipientId)) {
            if (chosen != null) {
                all.put(chosen.type(), chosen);
            }
        }
        return all;
    }

    private static boolean bool(java.sql.ResultSet rs, String column) {
        try {
            return rs.getBoolean(column);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Preference of(String recipientId, NotificationType type) {
        return sql.one("SELECT email, in_app FROM preference WHERE recipient_id = ? AND type = ?",
                rs -> new Preference(type, rs.getBoolean("email"), rs.getBoolean("in_app")), recipientId, type.wireName())
                .orElse(type.defaults());
    }

    public void save(String recipientId, Preference preference) {
        sql.update("""
                INSERT INTO preference (recipient_id, type, email, in_app) VALUES (?, ?, ?, ?)
                ON CONFLICT (recipient_id, type) DO UPDATE SET email = EXCLUDED.email, in_app = EXCLUDED.in_app""",
                recipientId, preference.type().wireName(), preference.email(), preference.inApp());
    }
}
