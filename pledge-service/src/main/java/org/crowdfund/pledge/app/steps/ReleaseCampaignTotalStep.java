package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Campaigns;

/** After a cancel or drop: campaign-service's ReleasePledge (idempotent) takes the pledge out of the total. */
@Singleton
public class ReleaseCampaignTotalStep implements SagaStep {
    private final Campaigns campaigns;

    public ReleaseCampaignTotalStep(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public String name() {
        return "release_campaign_total";
    }

    @Override
    public Result run(SagaRun run) {
        campaigns.release(run.pledge().campaignId().toString(), run.pledge().ledgerEntryId().toString());
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        // forward only
    }
}
