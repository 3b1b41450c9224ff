package org.crowdfund.notification.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.Preference;
import org.crowdfund.notification.store.BackingStore;
import org.crowdfund.notification.store.BackingStore.Recipient;
import org.crowdfund.notification.store.FanoutStore;
import org.crowdfund.notification.store.FanoutStore.Fanout;
import org.crowdfund.notification.store.NotificationStore.NewNotification;
import org.crowdfund.notification.store.RecipientStore.Contact;
import org.crowdfund.platform.sql.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works through campaign-wide messages in batches of {@code fanout-batch-size} backers. Each batch
 * is one short transaction: lock the fan-out row (SKIP LOCKED, so replicas take different ones),
 * read the next backers after its cursor, insert their notifications and e-mails, move the
 * cursor. A crash loses at most the batch in flight, which the next round redoes; the unique
 * (dedup key, recipient) key absorbs anything done twice.
 */
@Singleton
@Requires(property = "crowdfund.notifications.workers.enabled", notEquals = "false")
public class FanoutWorker {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutWorker.class);

    private final Transactions tx;
    private final FanoutStore fanouts;
    private final BackingStore backings;
    private final Notifier notifier;
    private final NotificationSettings settings;
    private final Clock clock;
    private final Counter recipientsDone;

    public FanoutWorker(Transactions tx, FanoutStore fanouts, BackingStore backings, Notifier notifier,
                        NotificationSettings settings, Clock clock, MeterRegistry meters) {
        this.tx = tx;
        this.fanouts = fanouts;
        this.backings = backings;
        this.notifier = notifier;
        this.settings = settings;
        this.clock = clock;
        this.recipientsDone = meters.counter("notifications.fanout.recipients");
    }

    @Scheduled(fixedDelay = "${crowdfund.notifications.fanout-interval:200ms}", initialDelay = "1s")
    void tick() {
        try {
            while (runBatch()) {
                // keep going while there is work; each batch commits on its own
            }
        } catch (RuntimeException e) {
            LOG.warn("fan-out round failed, retried next round: {}", e.getMessage());
        }
    }

    /** One batch of the oldest open fan-out; false when there was nothing to do. */
    public boolean runBatch() {
        return tx.write(() -> {
            Fanout fanout = fanouts.lockNext().orElse(null);
            if (fanout == null) {
                return false;
            }
            List<Recipient> batch = backings.nextRecipients(fanout.campaignId(), fanout.audience(), fanout.type(),
                    fanout.cursor(), settings.getFanoutBatchSize());
            Map<String, String> common = notifier.fromJson(fanout.model());
            List<NewNotification> rows = new ArrayList<>(batch.size());
            int withoutAddress = 0;
            for (Recipient r : batch) {
                Map<String, String> model = new LinkedHashMap<>(common);
                model.put("amountMinor", String.valueOf(r.amountMinor()));
                model.put("tiers", r.tiers());
                model.put("estimatedDelivery", r.estimatedDelivery());
                if (!model.containsKey("currency") || model.get("currency").isEmpty()) {
                    model.put("currency", r.currency());
                }
                if (model.getOrDefault("campaignTitle", "").isEmpty()) {
                    model.put("campaignTitle", r.campaignTitle());
                }
                Preference defaults = fanout.type().defaults();
                Preference preference = new Preference(fanout.type(),
                        r.emailChosen() == null ? defaults.email() : r.emailChosen(),
                        r.inAppChosen() == null ? defaults.inApp() : r.inAppChosen());
                Contact contact = new Contact(r.backerId(), r.email(), r.displayName(), r.locale());
                if (Notifier.lacksAddress(contact, preference)) {
                    withoutAddress++;
                }
                notifier.build(fanout.dedupKey(), r.backerId(), fanout.type(), fanout.campaignId(), model, contact, preference)
                        .ifPresent(rows::add);
            }
            notifier.insert(rows);
            if (withoutAddress > 0) {
                notifier.countWithoutAddress(withoutAddress);
                LOG.info("fan-out {}: {} of {} backers in this batch have no known e-mail address; in the inbox only",
                        fanout.dedupKey(), withoutAddress, batch.size());
            }
            boolean done = batch.size() < settings.getFanoutBatchSize();
            String cursor = batch.isEmpty() ? fanout.cursor() : batch.get(batch.size() - 1).backerId();
            fanouts.advance(fanout.id(), cursor, batch.size(), done ? clock.instant() : null);
            recipientsDone.increment(batch.size());
            if (done) {
                LOG.info("fan-out {} ({}) to the backers of campaign {} is done: {} recipients", fanout.dedupKey(),
                        fanout.type().wireName(), fanout.campaignId(), fanout.recipients() + batch.size());
            }
            return true;
        });
    }
}
