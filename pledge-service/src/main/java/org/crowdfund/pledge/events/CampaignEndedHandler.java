package org.crowdfund.pledge.events;

import jakarta.inject.Singleton;
import org.crowdfund.platform.events.EventHandler;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.pledge.app.Settlement;
import org.crowdfund.proto.events.v1.CampaignEnded;
import org.crowdfund.proto.events.v1.EventEnvelope;

/**
 * CampaignEnded starts the campaign's settlement. Order does not matter: starting is an insert
 * that a second delivery (or a replayed older event) finds done.
 */
@Singleton
public class CampaignEndedHandler implements EventHandler {
    private final Settlement settlement;

    public CampaignEndedHandler(Settlement settlement) {
        this.settlement = settlement;
    }

    @Override
    public String durableName() {
        return "pledge-settlement";
    }

    @Override
    public String subjectFilter() {
        return EventSubjects.CAMPAIGN_ENDED;
    }

    @Override
    public void handle(EventEnvelope event) throws Exception {
        settlement.start(event.getData().unpack(CampaignEnded.class));
    }
}
