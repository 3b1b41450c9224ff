package org.crowdfund.pledge.clients;

import io.grpc.ManagedChannel;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.pledge.app.PledgeConfig;
import org.crowdfund.proto.campaign.v1.*;

/** campaign-service: the campaign as pledges see it, and its running total (RecordPledge / ReleasePledge). */
@Singleton
public class Campaigns {
    static final String SERVICE = "campaign-service";
    private static final Principal SELF = Principal.service("pledge-service");

    private final CampaignServiceGrpc.CampaignServiceBlockingStub stub;
    private final PledgeConfig config;

    public Campaigns(@Named("campaign") ManagedChannel channel, PledgeConfig config) {
        this.stub = CampaignServiceGrpc.newBlockingStub(channel);
        this.config = config;
    }

    private CampaignServiceGrpc.CampaignServiceBlockingStub stub() {
        return Calls.as(stub, SELF, config.getCallDeadline());
    }

    public Campaign get(String campaignId) {
        GetCampaignRequest request = GetCampaignRequest.newBuilder().setCampaignId(campaignId).build();
        return Downstream.call(SERVICE, () -> stub().getCampaign(request)).getCampaign();
    }

    public RecordPledgeResponse record(RecordPledgeRequest request) {
        return Downstream.call(SERVICE, () -> stub().recordPledge(request));
    }

    /** Idempotent; a ledger entry that was never recorded is nothing to release. */
    public void release(String campaignId, String ledgerEntryId) {
        ReleasePledgeRequest request = ReleasePledgeRequest.newBuilder().setCampaignId(campaignId).setPledgeId(ledgerEntryId).build();
        try {
            Downstream.call(SERVICE, () -> stub().releasePledge(request));
        } catch (org.crowdfund.platform.grpc.ServiceException e) {
            if (!"PLEDGE_NOT_RECORDED".equals(e.reason())) {
                throw e;
            }
        }
    }
}
