package org.crowdfund.pledge.events;

import jakarta.inject.Singleton;
import org.crowdfund.platform.events.EventHandler;
import org.crowdfund.pledge.app.Settlement;
import org.crowdfund.proto.events.v1.CampaignCancelled;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.EventSubjects;

/**
 * CampaignCancelled (creator or admin cancelled an active campaign) gives every pledge its money
 * back: holds voided, keep-it-all charges refunded, totals and slots released. Order does not
 * matter: starting is an insert that a second delivery finds done.
 */
@Singleton
public class CampaignCancelledHandler implements EventHandler {
    private final Settlement settlement;

    public CampaignCancelledHandler(Settlement settlement) {
        this.settlement = settlement;
    }

    @Override
    public String durableName() {
        return "pledge-campaign-cancelled";
    }

    @Override
    public String subjectFilter() {
        return EventSubjects.CAMPAIGN_CANCELLED;
    }

    @Override
    public void handle(EventEnvelope event) throws Exception {
        settlement.startCancellation(event.getData().unpack(CampaignCancelled.class));
    }
}
