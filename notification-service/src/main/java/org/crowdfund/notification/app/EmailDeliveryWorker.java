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
import org.crowdfund.notification.mail.OutgoingEmail;
import org.crowdfund.notification.mail.SmtpMailer;
import org.crowdfund.notification.mail.Templates;
import org.crowdfund.notification.store.EmailStore;
import org.crowdfund.notification.store.EmailStore.Claimed;
import org.crowdfund.platform.sql.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends queued e-mails: {@code sender-threads} threads, each with its own SMTP connection, claim
 * due e-mails in small batches, render them and send them one by one, recording each result at
 * once (sent; retried later with exponential back-off; or parked after {@code max-attempts}, or at
 * once when the server refuses the address). Parked e-mails are counted in the
 * {@code notifications.email.parked} gauge and listed by the ListParkedEmails RPC.
 * <p>
 * Delivery is exactly once except in one window: a process killed after the SMTP server accepted
 * a message and before "sent" committed sends it again when its lease ends, with the same
 * Message-ID (SMTP has no way to ask whether a message arrived).
 */
@Singleton
@Requires(property = "crowdfund.notifications.workers.enabled", notEquals = "false")
public class EmailDeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(EmailDeliveryWorker.class);

    private final Transactions tx;
    private final EmailStore emails;
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

    public EmailDeliveryWorker(Transactions tx, EmailStore emails, SmtpMailer mailer, Templates templates,
                               Notifier notifier, Unsubscribes unsubscribes, Links links, NotificationSettings settings,
                               Clock clock, MeterRegistry meters) {
        this.tx = tx;
        this.emails = emails;
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
        try (SmtpMailer.Connection connection = mailer.open()) {
            while (stopped.getCount() > 0) {
                int done = 0;
                try {
                    done = sendBatch(connection);
                } catch (RuntimeException e) {
                    LOG.warn("e-mail round failed, retried shortly: {}", e.getMessage());
                }
                if (done == 0) {
                    try {
                        stopped.await(settings.getSendInterval().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Claims and sends one batch on {@code connection}; returns how many were claimed. The batch is
     * sent only while its lease has a quarter of its length left: what is left when the lease runs
     * low goes to whoever claims it next, and is never sent by two threads at once.
     */
    int sendBatch(SmtpMailer.Connection connection) {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(settings.getSendLease());
        Instant stopAt = leaseUntil.minus(settings.getSendLease().dividedBy(4));
        List<Claimed> batch = tx.write(() -> emails.claim(now, leaseUntil, settings.getSendBatchSize()));
        for (Claimed email : batch) {
            if (stopped.getCount() == 0 || clock.instant().isAfter(stopAt)) {
                // shutting down, or the lease runs out: the rest is claimed again after it
                break;
            }
            send(connection, email);
        }
        return batch.size();
    }

    private void send(SmtpMailer.Connection connection, Claimed email) {
        try {
            connection.send(render(email));
            tx.write(() -> {
                emails.sent(email.notificationId(), clock.instant());
                return null;
            });
            sent.increment();
        } catch (SmtpMailer.SendFailure e) {
            failed.increment();
            Instant now = clock.instant();
            boolean giveUp = e.permanent() || email.attempts() >= settings.getMaxAttempts();
            tx.write(() -> {
                if (giveUp) {
                    emails.park(email.notificationId(), e.getMessage(), now);
                } else {
                    emails.retryLater(email.notificationId(), e.getMessage(), now.plus(settings.retryDelay(email.attempts())));
                }
                return null;
            });
            if (giveUp) {
                parked.increment();
                parkedNow.incrementAndGet();
                LOG.error("e-mail {} to {} parked after {} attempts: {}", email.notificationId(), email.email(),
                        email.attempts(), e.getMessage());
            } else {
                LOG.warn("e-mail {} attempt {} failed, retrying in {}: {}", email.notificationId(), email.attempts(),
                        settings.retryDelay(email.attempts()), e.getMessage());
            }
        }
    }

    private OutgoingEmail render(Claimed email) {
        Map<String, String> model = notifier.fromJson(email.model());
        String unsubscribe = unsubscribes.token(email.recipientId(), email.type()).map(links::unsubscribe).orElse(null);
        Templates.Email rendered = templates.email(email.type(), model, unsubscribe, links.preferences());
        String name = "there".equals(model.get("name")) ? "" : model.getOrDefault("name", "");
        return new OutgoingEmail(email.notificationId(), email.email(), name, rendered.subject(), rendered.text(),
                rendered.html(), unsubscribe);
    }
}
