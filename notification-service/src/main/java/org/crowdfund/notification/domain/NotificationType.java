package org.crowdfund.notification.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of notification, with what a recipient may turn off. Transactional ones (money moved,
 * a payment that needs fixing, a pledge that ended) always go by e-mail: a backer must be able to
 * learn about a charge or a problem with it, so neither preferences nor unsubscribe links stop them.
 */
public enum NotificationType {
    MILESTONE_REACHED(false),
    CAMPAIGN_FUNDED(false),
    CAMPAIGN_FAILED(false),
    CREATOR_UPDATE(false),
    RESERVATION_EXPIRING(false),
    RESERVATION_EXPIRED(false),
    WAITLIST_OFFER(false),
    PAYMENT_FAILED(true),
    RECEIPT(true),
    PLEDGE_CANCELLED(true),
    CREATOR_MILESTONE(false),
    CREATOR_CAMPAIGN_ENDED(false),
    CREATOR_SETTLEMENT(false),
    CAMPAIGN_CANCELLED(false);

    private final boolean transactional;

    NotificationType(boolean transactional) {
        this.transactional = transactional;
    }

    public boolean transactional() {
        return transactional;
    }

    /** Stored and template name, e.g. "milestone_reached". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NotificationType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    /** What a recipient gets before choosing anything: both channels. */
    public Preference defaults() {
        return new Preference(this, true, true);
    }
}
