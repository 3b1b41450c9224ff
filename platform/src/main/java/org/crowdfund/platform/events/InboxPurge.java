package org.crowdfund.platform.events;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.platform.sql.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Forgets inbox entries older than {@code crowdfund.events.inbox-retention} (default 14 days).
 * An entry must outlive every way the same event can reach the consumer again: the broker's
 * duplicate window (a re-published event id is dropped within it), the redelivery window of an
 * unacknowledged message (max-deliver x (ack wait + longest back-off)), and the stream's own
 * retention, after which no copy is left to deliver. A shorter setting is refused at start-up.
 */
@Context // created at start-up, so a too short retention stops the service before it consumes anything
@Requires(property = "datasources.default.url")
@Requires(property = "crowdfund.events.consumers.enabled", notEquals = "false")
public class InboxPurge {
    private static final Logger LOG = LoggerFactory.getLogger(InboxPurge.class);
    private static final int CHUNK = 10_000;

    private final Transactions tx;
    private final Sql sql;
    private final Duration retention;

    public InboxPurge(Transactions tx, Sql sql, EventsConfiguration config) {
        this.tx = tx;
        this.sql = sql;
        this.retention = config.getInboxRetention();
        Duration floor = max(max(config.getDuplicateWindow(), config.redeliveryWindow()), config.getRetention());
        if (retention.compareTo(floor) <= 0) {
            throw new IllegalStateException("crowdfund.events.inbox-retention (" + retention + ") must be longer than "
                    + "the duplicate window (" + config.getDuplicateWindow() + "), the redelivery window ("
                    + config.redeliveryWindow() + ") and the stream retention (" + config.getRetention() + ")");
        }
    }

    @Scheduled(fixedDelay = "${crowdfund.events.inbox-purge-interval:1h}", initialDelay = "1m")
    void purgeExpired() {
        long total = 0;
        int deleted;
        do {
            deleted = purgeOnce();
            total += deleted;
        } while (deleted == CHUNK);
        if (total > 0) {
            LOG.info("forgot {} inbox entries older than {}", total, retention);
        }
    }

    /** Deletes up to one chunk of expired entries; returns how many. */
    public int purgeOnce() {
        return tx.write(() -> sql.update("""
                DELETE FROM inbox WHERE ctid IN (
                    SELECT ctid FROM inbox WHERE processed_at < now() - make_interval(secs => ?) LIMIT ?)""",
                (double) retention.toSeconds(), CHUNK));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
