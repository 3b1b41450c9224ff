package org.crowdfund.pledge.api;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.CallContext;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.pledge.app.ChangePledges;
import org.crowdfund.pledge.app.PaymentRecovery;
import org.crowdfund.pledge.app.PledgeCommands;
import org.crowdfund.pledge.app.PledgeQueries;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.proto.pledge.v1.*;

import java.util.List;
import java.util.UUID;

/** pledge.v1 over gRPC: maps requests to use cases and results back; no rules live here. */
@Singleton
public class PledgeGrpcEndpoint extends PledgeServiceGrpc.PledgeServiceImplBase {
    private final PledgeCommands commands;
    private final ChangePledges changes;
    private final PaymentRecovery paymentRecovery;
    private final PledgeQueries queries;

    public PledgeGrpcEndpoint(PledgeCommands commands, ChangePledges changes, PaymentRecovery paymentRecovery,
                              PledgeQueries queries) {
        this.commands = commands;
        this.changes = changes;
        this.paymentRecovery = paymentRecovery;
        this.queries = queries;
    }

    @Override
    public void createPledge(CreatePledgeRequest r, StreamObserver<CreatePledgeResponse> out) {
        var created = commands.create(CallContext.principal(), r);
        reply(out, CreatePledgeResponse.newBuilder().setPledge(PledgeProtos.pledge(created.pledge()))
                .setExisting(created.existing()).build());
    }

    @Override
    public void getPledge(GetPledgeRequest r, StreamObserver<GetPledgeResponse> out) {
        reply(out, GetPledgeResponse.newBuilder().setPledge(PledgeProtos.pledge(
                queries.get(CallContext.principal(), id("pledge_id", r.getPledgeId())))).build());
    }

    @Override
    public void cancelPledge(CancelPledgeRequest r, StreamObserver<CancelPledgeResponse> out) {
        var cancelled = commands.cancel(CallContext.principal(), id("pledge_id", r.getPledgeId()));
        reply(out, CancelPledgeResponse.newBuilder().setPledge(PledgeProtos.pledge(cancelled.pledge()))
                .setRefunded(cancelled.refunded()).build());
    }

    @Override
    public void changePledge(ChangePledgeRequest r, StreamObserver<ChangePledgeResponse> out) {
        var changed = changes.change(CallContext.principal(), id("pledge_id", r.getPledgeId()),
                r.hasAmountMinor() ? r.getAmountMinor() : null, r.hasTierId() ? r.getTierId() : null, r.getReservationId(),
                r.getIdempotencyKey());
        reply(out, ChangePledgeResponse.newBuilder().setPledge(PledgeProtos.pledge(changed)).build());
    }

    @Override
    public void updatePaymentMethod(UpdatePaymentMethodRequest r, StreamObserver<UpdatePaymentMethodResponse> out) {
        var updated = paymentRecovery.updatePaymentMethod(CallContext.principal(), id("pledge_id", r.getPledgeId()),
                r.getPaymentMethodId(), r.getReturnUrl());
        reply(out, UpdatePaymentMethodResponse.newBuilder().setPledge(PledgeProtos.pledge(updated)).build());
    }

    @Override
    public void confirmPledgeAuthentication(ConfirmPledgeAuthenticationRequest r,
                                            StreamObserver<ConfirmPledgeAuthenticationResponse> out) {
        var pledge = commands.confirmAuthentication(CallContext.principal(), id("pledge_id", r.getPledgeId()));
        reply(out, ConfirmPledgeAuthenticationResponse.newBuilder().setPledge(PledgeProtos.pledge(pledge)).build());
    }

    @Override
    public void listMyPledges(ListMyPledgesRequest r, StreamObserver<ListMyPledgesResponse> out) {
        UUID campaign = r.getCampaignId().isEmpty() ? null : id("campaign_id", r.getCampaignId());
        PledgeStore.Page page = queries.mine(CallContext.principal(), campaign, r.getPageSize(), r.getPageToken());
        reply(out, ListMyPledgesResponse.newBuilder().addAllPledges(page.pledges().stream().map(PledgeProtos::pledge).toList())
                .setNextPageToken(page.nextToken()).build());
    }

    @Override
    public void listCampaignPledges(ListCampaignPledgesRequest r, StreamObserver<ListCampaignPledgesResponse> out) {
        List<PledgeStatus> statuses = r.getStatusesList().stream().map(s -> {
            if (s == org.crowdfund.proto.pledge.v1.PledgeStatus.PLEDGE_STATUS_UNSPECIFIED
                    || s == org.crowdfund.proto.pledge.v1.PledgeStatus.UNRECOGNIZED) {
                throw ServiceException.invalid("statuses", "unknown status " + s);
            }
            return PledgeProtos.status(s);
        }).toList();
        Principal principal = CallContext.principal();
        PledgeStore.Page page = queries.ofCampaign(principal, id("campaign_id", r.getCampaignId()), statuses, r.getPageSize(),
                r.getPageToken());
        reply(out, ListCampaignPledgesResponse.newBuilder()
                .addAllPledges(page.pledges().stream().map(PledgeProtos::forCreator).toList())
                .setNextPageToken(page.nextToken()).build());
    }

    @Override
    public void getSettlement(GetSettlementRequest r, StreamObserver<GetSettlementResponse> out) {
        reply(out, GetSettlementResponse.newBuilder().setSettlement(PledgeProtos.settlement(
                queries.settlement(CallContext.principal(), id("campaign_id", r.getCampaignId())))).build());
    }

    private static UUID id(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ServiceException.invalid(field, "is required");
        }
        return Ids.parse(value).orElseThrow(() -> ServiceException.invalid(field, "must be a UUID, got '" + value + "'"));
    }

    private static <T> void reply(StreamObserver<T> out, T response) {
        out.onNext(response);
        out.onCompleted();
    }
}
