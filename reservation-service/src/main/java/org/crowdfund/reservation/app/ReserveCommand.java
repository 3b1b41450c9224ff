package org.crowdfund.reservation.app;

import java.util.UUID;

/**
 * A validated Reserve request.
 *
 * @param campaignId the campaign the caller expects the tier in, or null
 * @param ttlSeconds 0 = the campaign's TTL
 * @param queueId    admission queue for queue-pool tiers, else null
 */
public record ReserveCommand(UUID tierId, UUID campaignId, String backerId, int quantity, int ttlSeconds,
                             String queueId) {
}
