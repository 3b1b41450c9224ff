package org.crowdfund.notification.app;

import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.Audience;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.notification.store.FanoutStore;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/** Starts campaign-wide messages; {@link FanoutWorker} delivers them in batches. */
@Singleton
public class Fanouts {
    private final FanoutStore store;
    private final Notifier notifier;
    private final Clock clock;

    public Fanouts(FanoutStore store, Notifier notifier, Clock clock) {
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** In the caller's transaction; starting the same dedup key again changes nothing. */
    public void start(String dedupKey, UUID campaignId, NotificationType type, Audience audience, Map<String, String> model) {
        store.start(dedupKey, campaignId, type, audience, notifier.toJson(model), clock.instant());
    }
}
