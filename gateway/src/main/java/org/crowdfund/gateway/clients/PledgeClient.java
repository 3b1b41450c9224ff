package org.crowdfund.gateway.clients;

import jakarta.inject.Singleton;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.proto.pledge.v1.*;

/** pledge-service, as the REST API uses it: always on the caller's behalf (the service enforces ownership). */
@Singleton
public class PledgeClient {
    static final String SERVICE = "pledge";

    private final GrpcChannels channels;
    private final PledgeServiceGrpc.PledgeServiceBlockingStub stub;

    public PledgeClient(GrpcChannels channels) {
        this.channels = channels;
        this.stub = PledgeServiceGrpc.newBlockingStub(channels.open(SERVICE, PledgeServiceGrpc.getServiceDescriptor()));
    }

    public CreatePledgeResponse create(Caller caller, CreatePledgeRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.createPledge(request));
    }

    public Pledge get(Caller caller, String pledgeId) {
        GetPledgeRequest request = GetPledgeRequest.newBuilder().setPledgeId(pledgeId).build();
        return channels.call(SERVICE, stub, caller, s -> s.getPledge(request)).getPledge();
    }

    public CancelPledgeResponse cancel(Caller caller, String pledgeId) {
        CancelPledgeRequest request = CancelPledgeRequest.newBuilder().setPledgeId(pledgeId).build();
        return channels.call(SERVICE, stub, caller, s -> s.cancelPledge(request));
    }

    public Pledge change(Caller caller, ChangePledgeRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.changePledge(request)).getPledge();
    }

    public Pledge updatePaymentMethod(Caller caller, UpdatePaymentMethodRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.updatePaymentMethod(request)).getPledge();
    }

    public Pledge confirmAuthentication(Caller caller, String pledgeId) {
        ConfirmPledgeAuthenticationRequest request = ConfirmPledgeAuthenticationRequest.newBuilder().setPledgeId(pledgeId).build();
        return channels.call(SERVICE, stub, caller, s -> s.confirmPledgeAuthentication(request)).getPledge();
    }

    public ListMyPledgesResponse mine(Caller caller, ListMyPledgesRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.listMyPledges(request));
    }

    public ListCampaignPledgesResponse ofCampaign(Caller caller, ListCampaignPledgesRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.listCampaignPledges(request));
    }

    public Settlement settlement(Caller caller, String campaignId) {
        GetSettlementRequest request = GetSettlementRequest.newBuilder().setCampaignId(campaignId).build();
        return channels.call(SERVICE, stub, caller, s -> s.getSettlement(request)).getSettlement();
    }
}
