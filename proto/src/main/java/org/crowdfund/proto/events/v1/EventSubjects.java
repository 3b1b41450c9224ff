package org.crowdfund.proto.events.v1;

/**
 * Event subjects relative to the configured prefix (default {@code crowdfund}): the wire names of
 * the platform's events. They are part of the published contract, like the messages in
 * proto/crowdfund/events/v1 they carry, so they live beside them; renaming one is a breaking
 * change (a new subject, never an edited one).
 */
public final class EventSubjects {
    public static final String CAMPAIGN_LAUNCHED = "campaign.launched";
    public static final String CAMPAIGN_CANCELLED = "campaign.cancelled";
    public static final String CAMPAIGN_MILESTONE_REACHED = "campaign.milestone_reached";
    public static final String CAMPAIGN_ENDED = "campaign.ended";
    public static final String CAMPAIGN_SETTLED = "campaign.settled";
    public static final String CREATOR_UPDATE_POSTED = "campaign.update_posted";
    public static final String REWARD_TIER_CHANGED = "campaign.tier_changed";
    public static final String CAMPAIGN_PLEDGE_RECORDED = "campaign.pledge_recorded";
    public static final String CAMPAIGN_PLEDGE_RELEASED = "campaign.pledge_released";

    public static final String RESERVATION_CREATED = "reservation.created";
    public static final String RESERVATION_CONVERTED = "reservation.converted";
    public static final String RESERVATION_RELEASED = "reservation.released";
    public static final String RESERVATION_EXPIRED = "reservation.expired";
    public static final String RESERVATION_OFFERED = "reservation.offered";
    public static final String RESERVATION_EXTENDED = "reservation.extended";
    public static final String RESERVATION_EXPIRING = "reservation.expiring";

    public static final String PAYMENT_UPDATED = "payment.updated";

    public static final String PLEDGE_CREATED = "pledge.created";
    public static final String PLEDGE_CHANGED = "pledge.changed";
    public static final String PLEDGE_CANCELLED = "pledge.cancelled";
    public static final String PLEDGE_CAPTURED = "pledge.captured";
    public static final String PLEDGE_VOIDED = "pledge.voided";
    public static final String PLEDGE_PAYMENT_FAILED = "pledge.payment_failed";
    public static final String PLEDGE_DROPPED = "pledge.dropped";
    public static final String PLEDGE_REFUNDED = "pledge.refunded";
    public static final String SETTLEMENT_PROGRESSED = "pledge.settlement_progressed";

    private EventSubjects() {
    }
}
