package org.crowdfund.pledge.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** One campaign's settlement: its phase, decision and totals (plain CRUD through {@link SettlementRepository}). */
@MappedEntity("settlement")
public record SettlementRecord(
        @Id UUID campaignId,
        String fundingModel,
        String currency,
        long goalMinor,
        String phase,
        @Nullable String outcome,
        long pledgedMinor,
        long campaignCounterMinor,
        long driftMinor,
        long operations,
        Instant startedAt,
        @Nullable Instant decidedAt,
        @Nullable Instant executingSince,
        @Nullable Instant settledAt) {

    public static final String DECIDING = "deciding";
    public static final String EXECUTING = "executing";
    public static final String SETTLED = "settled";
}
