package org.crowdfund.pledge.store;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.InTransaction;
import org.crowdfund.platform.sql.Sql;

import java.time.Instant;
import java.util.UUID;

/** The guarded phase changes and counters of a settlement, which concurrent batches share. */
@Singleton
@InTransaction
public class SettlementCounters {
    private final Sql sql;

    public SettlementCounters(Sql sql) {
        this.sql = sql;
    }

    public boolean decide(UUID campaignId, String outcome, long pledgedMinor, Instant now) {
        return sql.update("""
                UPDATE settlement SET phase = 'executing', outcome = ?, pledged_minor = ?, decided_at = ?, executing_since = ?
                 WHERE campaign_id = ? AND phase = 'deciding'""", outcome, pledgedMinor, now, now, campaignId) == 1;
    }

    public void countOperations(UUID campaignId, int operations) {
        sql.update("UPDATE settlement SET operations = operations + ? WHERE campaign_id = ?", operations, campaignId);
    }

    public boolean finish(UUID campaignId, long campaignCounterMinor, long driftMinor, Instant now) {
        return sql.update("""
                UPDATE settlement SET phase = 'settled', campaign_counter_minor = ?, drift_minor = ?, settled_at = ?
                 WHERE campaign_id = ? AND phase = 'executing'""", campaignCounterMinor, driftMinor, now, campaignId) == 1;
    }
}
