package org.crowdfund.gateway.clients;

import jakarta.inject.Singleton;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.proto.campaign.v1.*;

/** campaign-service, as the REST API uses it. RecordPledge and ReleasePledge are for services only. */
@Singleton
public class CampaignClient {
    static final String SERVICE = "campaign";

    private final GrpcChannels channels;
    private final CampaignServiceGrpc.CampaignServiceBlockingStub stub;

    public CampaignClient(GrpcChannels channels) {
        this.channels = channels;
        this.stub = CampaignServiceGrpc.newBlockingStub(channels.open(SERVICE, CampaignServiceGrpc.getServiceDescriptor()));
    }

    public Campaign create(Caller caller, CreateCampaignRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.createCampaign(request)).getCampaign();
    }

    public Campaign update(Caller caller, UpdateCampaignRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.updateCampaign(request)).getCampaign();
    }

    public Campaign launch(Caller caller, String campaignId) {
        LaunchCampaignRequest request = LaunchCampaignRequest.newBuilder().setCampaignId(campaignId).build();
        return channels.call(SERVICE, stub, caller, s -> s.launchCampaign(request)).getCampaign();
    }

    public Campaign cancel(Caller caller, CancelCampaignRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.cancelCampaign(request)).getCampaign();
    }

    /** Admin, local mode: ends an active campaign now, as its deadline would. */
    public Campaign end(Caller caller, String campaignId) {
        EndCampaignRequest request = EndCampaignRequest.newBuilder().setCampaignId(campaignId).build();
        return channels.call(SERVICE, stub, caller, s -> s.endCampaign(request)).getCampaign();
    }

    public Campaign get(Caller caller, String campaignId) {
        GetCampaignRequest request = GetCampaignRequest.newBuilder().setCampaignId(campaignId).build();
        return channels.call(SERVICE, stub, caller, s -> s.getCampaign(request)).getCampaign();
    }

    public ListCampaignsResponse list(Caller caller, ListCampaignsRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.listCampaigns(request));
    }

    public Tier addTier(Caller caller, AddTierRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.addTier(request)).getTier();
    }

    public Tier updateTier(Caller caller, UpdateTierRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.updateTier(request)).getTier();
    }

    public GetTierResponse getTier(Caller caller, String tierId) {
        GetTierRequest request = GetTierRequest.newBuilder().setTierId(tierId).build();
        return channels.call(SERVICE, stub, caller, s -> s.getTier(request));
    }

    public CreatorUpdate postUpdate(Caller caller, PostCreatorUpdateRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.postCreatorUpdate(request)).getUpdate();
    }

    public ListCreatorUpdatesResponse listUpdates(Caller caller, ListCreatorUpdatesRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.listCreatorUpdates(request));
    }

    public Dashboard dashboard(Caller caller, String campaignId) {
        GetDashboardRequest request = GetDashboardRequest.newBuilder().setCampaignId(campaignId).build();
        return channels.call(SERVICE, stub, caller, s -> s.getDashboard(request)).getDashboard();
    }
}
