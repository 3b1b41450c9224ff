package org.crowdfund.notification.store;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;

import java.util.UUID;

/** Reservations known to be over (converted, released or expired), so a late expiry notice is not sent. */
@Singleton
public class ReservationStore {
    private final Sql sql;

    public ReservationStore(Sql sql) {
        this.sql = sql;
    }

    public void close(UUID reservationId) {
        sql.update("INSERT INTO reservation_closed (reservation_id) VALUES (?) ON CONFLICT DO NOTHING", reservationId);
    }

    public boolean isClosed(UUID reservationId) {
        return sql.one("SELECT 1 AS x FROM reservation_closed WHERE reservation_id = ?", rs -> true, reservationId).isPresent();
    }
}
