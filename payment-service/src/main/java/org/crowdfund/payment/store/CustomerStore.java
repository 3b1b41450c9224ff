package org.crowdfund.payment.store;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.util.Optional;

/** Each backer's Stripe customer. */
@Singleton
public class CustomerStore {
    private final Sql sql;

    public CustomerStore(Sql sql) {
        this.sql = sql;
    }

    public Optional<String> find(String backerId) {
        return sql.one("SELECT provider_customer_id FROM customer WHERE backer_id = ?",
                rs -> rs.getString("provider_customer_id"), backerId);
    }

    /** The backer a customer was created for. */
    public Optional<String> findBacker(String providerCustomerId) {
        return sql.one("SELECT backer_id FROM customer WHERE provider_customer_id = ?", rs -> rs.getString("backer_id"),
                providerCustomerId);
    }

    public void remember(String backerId, String providerCustomerId, Instant now) {
        sql.update("""
                INSERT INTO customer (backer_id, provider_customer_id, created_at) VALUES (?, ?, ?)
                ON CONFLICT (backer_id) DO NOTHING""", backerId, providerCustomerId, now);
    }
}
