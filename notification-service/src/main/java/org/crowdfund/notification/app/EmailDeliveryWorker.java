package org.crowdfund.notification.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.crowdfund.notification.mail.EndOfDataTransport;
import org.crowdfund.notification.mail.OutgoingEmail;
import org.crowdfund.notification.mail.SmtpMailer;
import org.crowdfund.notification.mail.Templates;
import org.crowdfund.notification.store.EmailQueue;
import org.crowdfund.notification.store.EmailQueue.Claimed;
import org.crowdfund.notification.store.EmailStore;
import org.crowdfund.platform.sql.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends queued e-mails: {@code sender-threads} threads, each keeping one SMTP connection and one
 * database connection open, claim due e-mails in batches (one statement), render them and send
 * them one after another on the same SMTP session. Each e-mail is marked sent by a single-row
 * update sent the moment its end of data is written, before the server's reply is read (see
 * {@link EndOfDataTransport}); a refusal or a failure after that puts it back. Failures are
 * retried later with exponential back-off, or parked after {@code max-attempts} (at once when the
 * server refuses the address or the message with a 5xx). Parked e-mails are counted in the
 * {@code notifications.email.parked} gauge and listed by the ListParkedEmails RPC.
 * <p>
 * A process killed at any point sends each e-mail once after its restart, except in the few
 * microseconds between writing a message's end of data and writing its mark: then it goes out
 * twice, with the same Message-ID (docs/notifications.md, "Exactly once").
 */
@Singleton
@Requires(property = "crowdfund.notifications.workers.enabled", notEquals = "false")
public class EmailDeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(EmailDeliveryWorker.class);

    private final Transactions tx;
    private final EmailStore emails;
    private final EmailQueue emailQueue;
    private final SmtpMailer mailer;
    private final Templates templates;
    private final Notifier notifier;
    private final Unsubscribes unsubscribes;
    private final Links links;
    private final NotificationSettings settings;
    private final Clock clock;
    private final Counter sent;
    private final Counter failed;
    private final Counter parked;
    private final AtomicLong parkedNow = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    public EmailDeliveryWorker(Transactions tx, EmailStore emails, EmailQueue emailQueue, SmtpMailer mailer, Templates templates,
                               Notifier notifier, Unsubscribes unsubscribes, Links links, NotificationSettings settings,
                               Clock clock, MeterRegistry meters) {
        this.tx = tx;
        this.emails = emails;
        this.emailQueue = emailQueue;
        this.mailer = mailer;
        this.templates = templates;
        this.notifier = notifier;
        this.unsubscribes = unsubscribes;
        this.links = links;
        this.settings = settings;
        this.clock = clock;
        this.sent = meters.counter("notifications.email.sent");
        this.failed = meters.counter("notifications.email.failed");
        this.parked = meters.counter("notifications.email.given_up");
        Gauge.builder("notifications.email.parked", parkedNow, AtomicLong::get)
                .description("e-mails given up on after every retry, waiting for an admin to requeue them").register(meters);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        for (int i = 0; i < settings.getSenderThreads(); i++) {
            Thread thread = new Thread(this::run, "email-sender-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        stopped.countDown();
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Scheduled(fixedDelay = "5s", initialDelay = "1s")
    void countParked() {
        parkedNow.set(tx.read(() -> emails.parkedCount()));
    }

    private void run() {
        Sender sender = new Sender();
        try {
            while (stopped.getCount() > 0) {
                int done = 0;
                try {
                    done = sender.round();
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("e-mail round failed, retried shortly: {}", e.getMessage());
                    sender.dropQueue();
                }
                if (done == 0) {
                    try {
                        stopped.await(settings.getSendInterval().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        } finally {
            sender.close();
        }
    }

    /** One sending thread's SMTP connection and database connection, kept open between rounds. */
    private final class Sender implements AutoCloseable {
        private final SmtpMailer.Connection smtp = mailer.open();
        private EmailQueue.Session queue;
        /** Accepted by the server but not yet marked sent (the database refused the mark): marked before anything else. */
        private final List<UUID> unmarked = new ArrayList<>();

        /**
         * Claims and sends one batch; returns how many were claimed. The batch is sent only while
         * its lease has a quarter of its length left: what is left when the lease runs low goes to
         * whoever claims it next, and is never sent by two threads at once.
         */
        int round() throws SQLException {
            if (queue == null) {
                queue = emailQueue.open();
            }
            markUnmarked();
            Instant now = clock.instant();
            Instant leaseUntil = now.plus(settings.getSendLease());
            Instant stopAt = leaseUntil.minus(settings.getSendLease().dividedBy(4));
            List<Claimed> batch = queue.claim(now, leaseUntil, settings.getSendBatchSize());
            for (Claimed email : batch) {
                if (stopped.getCount() == 0 || clock.instant().isAfter(stopAt)) {
                    // shutting down, or the lease runs out: the rest is claimed again after it
                    break;
                }
                send(email);
            }
            return batch.size();
        }

        private void send(Claimed email) throws SQLException {
            OutgoingEmail message;
            try {
                message = render(email);
            } catch (RuntimeException e) {
                giveUp(email, "sending", "cannot render the message: " + e.getMessage());
                return;
            }
            queue.prepareMark(email.notificationId(), clock.instant());
            EndOfDataMark mark = new EndOfDataMark(queue);
            try {
                smtp.send(message, mark);
            } catch (SmtpMailer.SendFailure e) {
                failed(email, mark.marked ? "sent" : "sending", e);
                return;
            }
            sent.increment();
            if (mark.failure != null) {
                LOG.warn("e-mail {} was accepted by the server but could not be marked sent yet: {}", email.notificationId(),
                        mark.failure.getMessage());
                unmarked.add(email.notificationId());
                throw mark.failure;
            }
            if (!mark.marked) {
                LOG.warn("e-mail {} was sent after this thread's lease on it had run out; another sender may have sent it too",
                        email.notificationId());
            }
        }

        private void markUnmarked() throws SQLException {
            while (!unmarked.isEmpty()) {
                queue.prepareMark(unmarked.get(0), clock.instant());
                queue.markSent();
                unmarked.remove(0);
            }
        }

        private void failed(Claimed email, String from, SmtpMailer.SendFailure e) throws SQLException {
            failed.increment();
            if (e.permanent() || email.attempts() >= settings.getMaxAttempts()) {
                giveUp(email, from, e.getMessage());
                return;
            }
            Duration delay = settings.retryDelay(email.attempts());
            queue.retryLater(email.notificationId(), from, e.getMessage(), clock.instant().plus(delay));
            LOG.warn("e-mail {} attempt {} failed, retrying in {}: {}", email.notificationId(), email.attempts(), delay,
                    e.getMessage());
        }

        private void giveUp(Claimed email, String from, String error) throws SQLException {
            queue.park(email.notificationId(), from, error, clock.instant());
            parked.increment();
            parkedNow.incrementAndGet();
            LOG.error("e-mail {} to {} parked after {} attempts: {}", email.notificationId(), email.email(),
                    email.attempts(), error);
        }

        void dropQueue() {
            if (queue != null) {
                queue.close();
                queue = null;
            }
        }

        @Override
        public void close() {
            dropQueue();
            smtp.close();
        }
    }

    /**
     * Marks the e-mail sent the moment its end of data has been written, before the server's
     * reply: see {@link org.crowdfund.notification.mail.EndOfDataTransport} for why there.
     */
    private static final class EndOfDataMark implements EndOfDataTransport.EndOfData {
        private final EmailQueue.Session queue;
        private boolean marked;
        private SQLException failure;

        EndOfDataMark(EmailQueue.Session queue) {
            this.queue = queue;
        }

        @Override
        public void written() {
            try {
                marked = queue.markSent();
            } catch (SQLException e) {
                failure = e;
            }
        }
    }

    private OutgoingEmail render(Claimed email) {
        Map<String, String> model = notifier.fromJson(email.model());
        String unsubscribe = unsubscribes.token(email.recipientId(), email.type()).map(links::unsubscribe).orElse(null);
        Templates.Email rendered = templates.email(email.type(), model, unsubscribe, links.preferences());
        String name = "there".equals(model.get("name")) ? "" : model.getOrDefault("name", "");
        return new OutgoingEmail(email.notificationId(), OutgoingEmail.messageId(email.dedupKey(), email.recipientId()),
                email.email(), name, rendered.subject(), rendered.text(),
                rendered.html(), unsubscribe);
    }
}
