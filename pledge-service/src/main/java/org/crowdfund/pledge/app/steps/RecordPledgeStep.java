package org.crowdfund.pledge.app.steps;

import io.grpc.Status;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Campaigns;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.proto.campaign.v1.RecordPledgeRequest;

/**
 * campaign-service counts the pledge: its guarded increment succeeds only while the campaign is
 * active and before its deadline, so a pledge racing the deadline is either counted before the
 * campaign leaves active or refused here and compensated. Compensation: ReleasePledge.
 */
@Singleton
public class RecordPledgeStep implements SagaStep {
    private final Campaigns campaigns;

    public RecordPledgeStep(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public String name() {
        return "record_pledge";
    }

    @Override
    public Result run(SagaRun run) {
        Pledge p = run.pledge();
        try {
            campaigns.record(RecordPledgeRequest.newBuilder().setCampaignId(p.campaignId().toString())
                    .setPledgeId(p.ledgerEntryId().toString()).setTierId(p.tierId() == null ? "" : p.tierId().toString())
                    .setAmountMinor(p.amountMinor()).setCurrency(p.currency()).setBackerId(p.backerId())
                    .setBackerCountry(p.country()).build());
        } catch (ServiceException e) {
            if ("CAMPAIGN_NOT_ACCEPTING_PLEDGES".equals(e.reason())) {
                throw new ServiceException(Status.Code.FAILED_PRECONDITION, "CAMPAIGN_NOT_ACTIVE", e.getMessage());
            }
            throw e;
        }
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        campaigns.release(run.pledge().campaignId().toString(), run.pledge().ledgerEntryId().toString());
    }
}
