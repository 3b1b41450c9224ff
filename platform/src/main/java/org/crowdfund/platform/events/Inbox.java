package org.crowdfund.platform.events;

import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;

import java.util.UUID;

/** Remembers which events a consumer has applied, in the transaction that applies them. */
@Singleton
@Requires(property = "datasources.default.url")
public class Inbox {
    private final Sql sql;

    public Inbox(Sql sql) {
        this.sql = sql;
    }

    /** True the first time this consumer sees the event; false for a redelivery (skip the effect). */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId) {
        return sql.update("INSERT INTO inbox (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                consumer, eventId) == 1;
    }
}
