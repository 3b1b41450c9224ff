package org.crowdfund.payment.store;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.util.UUID;

/** Provider events seen, by event id. Callers hold the transaction. */
@Singleton
public class WebhookStore {
    private final Sql sql;

    public WebhookStore(Sql sql) {
        this.sql = sql;
    }

    /** True the first time the event arrives; false for a redelivery or a duplicate. */
    public boolean firstDelivery(String eventId, String eventType, String objectId, Instant now) {
        return sql.update("""
                INSERT INTO webhook_event (event_id, event_type, object_id, outcome, received_at)
                VALUES (?, ?, ?, 'received', ?) ON CONFLICT DO NOTHING""", eventId, eventType, objectId, now) == 1;
    }

    public void outcome(String eventId, UUID paymentId, String outcome) {
        sql.update("UPDATE webhook_event SET payment_id = ?, outcome = ? WHERE event_id = ?", paymentId, outcome, eventId);
    }
}
