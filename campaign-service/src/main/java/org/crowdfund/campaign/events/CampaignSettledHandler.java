package org.crowdfund.campaign.events;

import jakarta.inject.Singleton;
import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.domain.CampaignStatus;
import org.crowdfund.campaign.store.CampaignStore;
import org.crowdfund.platform.events.EventHandler;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.proto.events.v1.CampaignSettled;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/** pledge-service settled a campaign: settling -> funded | failed | partially_funded. */
@Singleton
public class CampaignSettledHandler implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignSettledHandler.class);

    private final CampaignStore store;
    private final Clock clock;

    public CampaignSettledHandler(CampaignStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String durableName() {
        return "campaign-settlement";
    }

    @Override
    public String subjectFilter() {
        return EventSubjects.CAMPAIGN_SETTLED;
    }

    @Override
    public void handle(EventEnvelope event) throws Exception {
        CampaignSettled settled = event.getData().unpack(CampaignSettled.class);
        CampaignStatus outcome = switch (settled.getOutcome()) {
            case SETTLEMENT_OUTCOME_FUNDED -> CampaignStatus.FUNDED;
            case SETTLEMENT_OUTCOME_FAILED -> CampaignStatus.FAILED;
            case SETTLEMENT_OUTCOME_PARTIALLY_FUNDED -> CampaignStatus.PARTIALLY_FUNDED;
            default -> throw new IllegalArgumentException("settlement without an outcome: " + settled.getOutcome());
        };
        Campaign campaign = store.lock(UUID.fromString(settled.getCampaignId())).orElse(null);
        if (campaign == null) {
            LOG.error("settlement for unknown campaign {} ignored", settled.getCampaignId());
        } else if (campaign.status() == outcome) {
            LOG.info("campaign {} already {}", campaign.id(), outcome);
        } else if (!campaign.status().canMoveTo(outcome)) {
            LOG.error("settlement {} for campaign {} in state {} ignored", outcome, campaign.id(), campaign.status());
        } else {
            store.save(campaign.withStatus(outcome, clock.instant()));
            LOG.info("campaign {} settled as {}", campaign.id(), outcome);
        }
    }
}
