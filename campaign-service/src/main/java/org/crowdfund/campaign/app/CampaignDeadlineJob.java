package org.crowdfund.campaign.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.store.CampaignStore;
import org.crowdfund.platform.sql.InTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Closes campaigns whose deadline passed: active -> settling, and CampaignEnded for
 * pledge-service to settle. Replicas split the work with SKIP LOCKED.
 */
@Singleton
@Requires(property = "crowdfund.deadlines.enabled", notEquals = "false")
public class CampaignDeadlineJob {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignDeadlineJob.class);
    private static final int BATCH = 100;

    private final CampaignStore store;
    private final CampaignCommands commands;
    private final Clock clock;

    public CampaignDeadlineJob(CampaignStore store, CampaignCommands commands, Clock clock) {
        this.store = store;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${crowdfund.deadlines.interval:5s}", initialDelay = "2s")
    void tick() {
        try {
            while (closeDue() == BATCH) {
                LOG.info("closed a full batch of due campaigns; continuing");
            }
        } catch (RuntimeException e) {
            LOG.error("closing due campaigns failed; will retry", e);
        }
    }

    /** Closes up to one batch of due campaigns; returns how many. */
    @InTransaction
    public int closeDue() {
        Instant now = clock.instant();
        var due = store.lockDue(now, BATCH);
        for (Campaign campaign : due) {
            Campaign ended = commands.closeForSettlement(campaign, now);
            LOG.info("campaign {} reached its deadline {} with {} of {} {}; settling", ended.id(), ended.endAt(),
                    ended.pledgedMinor(), ended.goalMinor(), ended.currency());
        }
        return due.size();
    }
}
