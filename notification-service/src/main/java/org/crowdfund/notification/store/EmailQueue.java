package org.crowdfund.notification.store;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.NotificationType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The e-mail queue as a sending thread works it: each thread opens one {@link Session}, a
 * database connection of its own in auto-commit with its statements prepared once, so every step
 * is one statement and one round trip. Claiming is one statement per batch: due rows (and rows
 * whose sender's lease ran out, a replica died mid-send) are taken with {@code FOR UPDATE SKIP
 * LOCKED} (replicas share the work), put under this thread's lease and counted as an attempt.
 * Marking an e-mail sent is a single-row update committed on its own, at the moment its end of
 * data has been written to the SMTP server (see {@code EndOfDataTransport}).
 * <p>
 * Status: {@code pending -> sending -> sent | pending (retry) | parked}; {@code sent -> pending |
 * parked} when the server refuses a message after it was marked (its reply to the end of data).
 */
@Singleton
public class EmailQueue {
    private static final String CLAIM = """
            WITH expired AS (
                SELECT notification_id FROM email_delivery
                 WHERE status = 'sending' AND lease_until < ? ORDER BY lease_until LIMIT ?
                 FOR UPDATE SKIP LOCKED),
            due AS (
                SELECT notification_id FROM email_delivery
                 WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?
                 FOR UPDATE SKIP LOCKED),
            claimed AS (
                SELECT notification_id FROM expired UNION SELECT notification_id FROM due)
            UPDATE email_delivery d SET status = 'sending', lease_until = ?, attempts = d.attempts + 1
              FROM claimed, notification n
             WHERE d.notification_id = claimed.notification_id AND n.id = d.notification_id
            RETURNING d.notification_id, d.email, d.attempts, n.dedup_key, n.recipient_id, n.type, n.title, n.model""";
    private static final String MARK_SENT = """
            UPDATE email_delivery SET status = 'sent', sent_at = ?, lease_until = NULL, last_error = NULL
             WHERE notification_id = ? AND status = 'sending'""";
    private static final String RETRY_LATER = """
            UPDATE email_delivery SET status = 'pending', next_attempt_at = ?, lease_until = NULL, sent_at = NULL, last_error = ?
             WHERE notification_id = ? AND status = ?""";
    private static final String PARK = """
            UPDATE email_delivery SET status = 'parked', parked_at = ?, lease_until = NULL, sent_at = NULL, last_error = ?
             WHERE notification_id = ? AND status = ?""";

    private final DataSource dataSource;

    public EmailQueue(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** A claimed e-mail with what rendering it needs. {@code title} is the subject made at creation. */
    public record Claimed(UUID notificationId, String email, int attempts, String dedupKey, String recipientId,
                          NotificationType type, String title, String model) {
    }

    /** A connection of the calling thread's own; close it when the thread stops. */
    public Session open() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            Session session = new Session(c);
            session.warmUpMark();
            return session;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** One sending thread's connection and statements; not for use by two threads. */
    public static final class Session implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement claim;
        private final PreparedStatement markSent;
        private final PreparedStatement retryLater;
        private final PreparedStatement park;

        private Session(Connection connection) throws SQLException {
            this.connection = connection;
            this.claim = connection.prepareStatement(CLAIM);
            this.markSent = connection.prepareStatement(MARK_SENT);
            this.retryLater = connection.prepareStatement(RETRY_LATER);
            this.park = connection.prepareStatement(PARK);
        }

        /** Claims up to {@code limit} due e-mails (plus any whose lease ran out) until {@code leaseUntil}. */
        public List<Claimed> claim(Instant now, Instant leaseUntil, int limit) throws SQLException {
            claim.setObject(1, at(now));
            claim.setInt(2, limit);
            claim.setObject(3, at(now));
            claim.setInt(4, limit);
            claim.setObject(5, at(leaseUntil));
            List<Claimed> rows = new ArrayList<>(limit);
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Claimed(rs.getObject("notification_id", UUID.class), rs.getString("email"),
                            rs.getInt("attempts"), rs.getString("dedup_key"), rs.getString("recipient_id"),
                            NotificationType.fromWireName(rs.getString("type")).orElseThrow(), rs.getString("title"),
                            rs.getString("model")));
                }
            }
            return rows;
        }

        /**
         * Binds the mark of {@code notificationId} ahead of time, so that {@link #markSent()} at the
         * end of data only sends the statement.
         */
        public void prepareMark(UUID notificationId, Instant now) throws SQLException {
            markSent.setObject(1, at(now));
            markSent.setObject(2, notificationId);
        }

        /**
         * Runs the mark on no row until the driver has switched to its server-side prepared
         * statement (after {@code prepareThreshold}, 5, executions): the first real mark after an
         * end of data then loads no class and takes no new code path, which would widen the
         * microseconds between the two writes (see EndOfDataTransport) on a freshly started process.
         */
        private void warmUpMark() throws SQLException {
            for (int i = 0; i < 6; i++) {
                prepareMark(new UUID(0, 0), Instant.EPOCH);
                markSent();
            }
        }

        /** Marks the prepared e-mail sent and commits; false when this thread no longer held it. */
        public boolean markSent() throws SQLException {
            return markSent.executeUpdate() == 1;
        }

        /** Back to the queue after a failed attempt; {@code from} is the status this thread left it in. */
        public void retryLater(UUID notificationId, String from, String error, Instant nextAttemptAt) throws SQLException {
            retryLater.setObject(1, at(nextAttemptAt));
            retryLater.setString(2, truncate(error));
            retryLater.setObject(3, notificationId);
            retryLater.setString(4, from);
            retryLater.executeUpdate();
        }

        /** Given up on: parked for an admin to requeue. */
        public void park(UUID notificationId, String from, String error, Instant now) throws SQLException {
            park.setObject(1, at(now));
            park.setString(2, truncate(error));
            park.setObject(3, notificationId);
            park.setString(4, from);
            park.executeUpdate();
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // the pool discards a broken connection either way
            }
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static String truncate(String error) {
        String e = error == null ? "unknown error" : error;
        return e.length() > 1000 ? e.substring(0, 1000) : e;
    }
}
