package org.crowdfund.reservation.events;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.platform.events.EventHandler;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.proto.events.v1.CampaignCancelled;
import org.crowdfund.proto.events.v1.CampaignEnded;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.RewardTierChanged;
import org.crowdfund.reservation.app.InventoryService;
import org.crowdfund.reservation.domain.ReleaseReason;

import java.util.UUID;

/**
 * campaign-service's events that shape inventory: RewardTierChanged creates and resizes a
 * tier's slots (ordered by revision, so stale or redelivered changes have no effect);
 * CampaignCancelled and CampaignEnded close the campaign's tiers and release their holds.
 * Runs in the consumer's transaction with the inbox, so a redelivered event is skipped.
 */
@Singleton
@Requires(property = "datasources.default.url")
public class CampaignEventsHandler implements EventHandler {
    private final InventoryService inventory;

    public CampaignEventsHandler(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Override
    public String durableName() {
        return "reservation-campaign-events";
    }

    @Override
    public String subjectFilter() {
        return "campaign.>";
    }

    @Override
    public void handle(EventEnvelope event) throws Exception {
        var data = event.getData();
        if (data.is(RewardTierChanged.class)) {
            RewardTierChanged change = data.unpack(RewardTierChanged.class);
            inventory.applyTierChange(uuid(change.getTierId(), "tier_id"), uuid(change.getCampaignId(), "campaign_id"),
                    change.hasQuantityLimit() ? Math.max(0, change.getQuantityLimit()) : null, change.getRevision(),
                    change.getReservationTtlMinutes());
        } else if (data.is(CampaignCancelled.class)) {
            inventory.closeCampaign(uuid(data.unpack(CampaignCancelled.class).getCampaignId(), "campaign_id"),
                    ReleaseReason.CAMPAIGN_CANCELLED);
        } else if (data.is(CampaignEnded.class)) {
            inventory.closeCampaign(uuid(data.unpack(CampaignEnded.class).getCampaignId(), "campaign_id"),
                    ReleaseReason.CAMPAIGN_ENDED);
        }
    }

    private static UUID uuid(String value, String field) {
        return Ids.parse(value).orElseThrow(() -> new IllegalArgumentException(field + " is not a UUID: " + value));
    }
}
