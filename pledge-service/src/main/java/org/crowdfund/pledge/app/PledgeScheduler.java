package org.crowdfund.pledge.app;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.jdbc.DataSourceResolver;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * pledge-service's persistent scheduled work on db-scheduler (table scheduled_tasks in its own
 * database): each recurring task runs on one replica at a time, and a task a killed process was
 * running is picked up by another (or the restarted one) once its heartbeat is missed.
 * <ul>
 *   <li>saga-recovery: sagas left half-way, 3-D Secure timeouts;</li>
 *   <li>hold-placement: holds placed and re-placed as payment timing says;</li>
 *   <li>payment-retries and fix-window-drops: failed payments;</li>
 *   <li>settlement-rounds: decide and execute settlements.</li>
 * </ul>
 */
@Singleton
public class PledgeScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(PledgeScheduler.class);

    private final DataSource dataSource;
    private final PledgeConfig config;
    private final SagaRecovery recovery;
    private final HoldPlacement holds;
    private final PaymentRecovery failedPayments;
    private final Settlement settlement;
    private Scheduler scheduler;

    public PledgeScheduler(DataSource dataSource, DataSourceResolver resolver, PledgeConfig config, SagaRecovery recovery,
                           HoldPlacement holds, PaymentRecovery failedPayments, Settlement settlement) {
        // db-scheduler manages its own connections and commits: it gets the pool itself, not
        // Micronaut's wrapper that hands out the current transaction's connection
        this.dataSource = resolver.resolve(dataSource);
        this.config = config;
        this.recovery = recovery;
        this.holds = holds;
        this.failedPayments = failedPayments;
        this.settlement = settlement;
    }

    @EventListener
    synchronized void onStartup(StartupEvent event) {
        if (!config.isJobsEnabled()) {
            LOG.info("scheduled pledge jobs are off (crowdfund.pledges.jobs-enabled=false)");
            return;
        }
        FixedDelay jobs = FixedDelay.of(config.getJobInterval());
        List<RecurringTask<Void>> tasks = List.of(
                Tasks.recurring("saga-recovery", jobs).execute((instance, ctx) -> recovery.run()),
                Tasks.recurring("hold-placement", jobs).execute((instance, ctx) -> holds.run()),
                Tasks.recurring("payment-retries", jobs).execute((instance, ctx) -> failedPayments.retryDue()),
                Tasks.recurring("fix-window-drops", jobs).execute((instance, ctx) -> failedPayments.dropExpired()),
                Tasks.recurring("settlement-rounds", FixedDelay.of(config.getSettlementInterval()))
                        .execute((instance, ctx) -> settlement.round()));
        scheduler = Scheduler.create(dataSource)
                .startTasks(tasks)
                .threads(tasks.size())
                .pollingInterval(minimum(config.getSettlementInterval(), config.getJobInterval()))
                .heartbeatInterval(Duration.ofSeconds(1))
                .missedHeartbeatsLimit(4)
                .deleteUnresolvedAfter(Duration.ofDays(1))
                .build();
        scheduler.start();
    }

    @EventListener
    synchronized void onShutdown(ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    private static Duration minimum(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
