package org.crowdfund.pledge.app;

import jakarta.inject.Singleton;
import org.crowdfund.pledge.app.saga.SagaRunner;
import org.crowdfund.pledge.store.SagaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Finishes or compensates saga runs a crash (or a downstream outage) left half-way, and times out
 * runs that waited for 3-D Secure too long: every open run idle longer than
 * crowdfund.pledges.saga-stale-after is driven again from its persisted step.
 */
@Singleton
public class SagaRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SagaRecovery.class);
    private static final int BATCH = 100;

    private final SagaStore sagas;
    private final SagaRunner runner;
    private final PledgeConfig config;
    private final Clock clock;

    public SagaRecovery(SagaStore sagas, SagaRunner runner, PledgeConfig config, Clock clock) {
        this.sagas = sagas;
        this.runner = runner;
        this.config = config;
        this.clock = clock;
    }

    /** Returns how many runs were picked up. */
    public int run() {
        Instant now = clock.instant();
        List<UUID> stale = sagas.stale(now.minus(config.getSagaStaleAfter()), now, BATCH);
        for (UUID id : stale) {
            var after = runner.drive(id);
            LOG.info("recovered saga {} ({}) of pledge {}: now {}", id, after.kind().dbValue(), after.pledgeId(), after.state().dbValue());
        }
        return stale.size();
    }
}
