package org.crowdfund.platform.events;

import org.crowdfund.proto.events.v1.EventEnvelope;

/**
 * A durable consumer of platform events. Implementations are beans; {@link EventConsumers} pulls
 * messages for each and calls {@link #handle} inside a database transaction that also records
 * the event id in the inbox, so an event's effect happens exactly once however often it arrives.
 */
public interface EventHandler {

    /** Durable consumer name, unique per service and purpose, e.g. "campaign-dashboard". */
    String durableName();

    /** Subject filter relative to the prefix, e.g. "campaign.>" or "campaign.pledge_recorded". */
    String subjectFilter();

    /**
     * Applies one event. Runs in the transaction that records it in the inbox; throwing rolls both
     * back and the event is redelivered with back-off, then dead-lettered after max-deliver.
     */
    void handle(EventEnvelope event) throws Exception;
}
