package org.crowdfund.pledge.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** Settlement rows; the counters that settlement batches bump concurrently are hand SQL in {@link SettlementCounters}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SettlementRepository extends CrudRepository<SettlementRecord, UUID> {

    List<SettlementRecord> findByPhaseInList(List<String> phases);

    @Query("INSERT INTO settlement (campaign_id, funding_model, currency, goal_minor, phase, pledged_minor, campaign_counter_minor, "
            + "drift_minor, operations, started_at) VALUES (:campaignId, :fundingModel, :currency, :goalMinor, 'deciding', 0, "
            + ":campaignCounterMinor, 0, 0, :startedAt) ON CONFLICT (campaign_id) DO NOTHING")
    int start(UUID campaignId, String fundingModel, String currency, long goalMinor, long campaignCounterMinor,
              java.time.Instant startedAt);

    /** A campaign cancelled while active: its outcome is known from the start, the phases are the same. */
    @Query("INSERT INTO settlement (campaign_id, funding_model, currency, goal_minor, phase, outcome, pledged_minor, "
            + "campaign_counter_minor, drift_minor, operations, started_at) VALUES (:campaignId, :fundingModel, :currency, 0, "
            + "'deciding', 'cancelled', 0, 0, 0, 0, :startedAt) ON CONFLICT (campaign_id) DO NOTHING")
    int startCancelled(UUID campaignId, String fundingModel, String currency, java.time.Instant startedAt);
}
