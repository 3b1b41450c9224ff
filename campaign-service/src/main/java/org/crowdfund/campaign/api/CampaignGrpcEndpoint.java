package org.crowdfund.campaign.api;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.crowdfund.campaign.app.CampaignCommands;
import org.crowdfund.campaign.app.CampaignDraft;
import org.crowdfund.campaign.app.CampaignQueries;
import org.crowdfund.campaign.app.CreatorUpdates;
import org.crowdfund.campaign.app.PledgeLedger;
import org.crowdfund.campaign.app.TierDraft;
import org.crowdfund.campaign.domain.CampaignStatus;
import org.crowdfund.campaign.domain.Dashboard;
import org.crowdfund.campaign.domain.Tier;
import org.crowdfund.platform.grpc.CallContext;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.proto.campaign.v1.*;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.crowdfund.platform.grpc.ProtoTime;

/** campaign.v1 over gRPC: maps requests to use cases and results back; no rules live here. */
@Singleton
public class CampaignGrpcEndpoint extends CampaignServiceGrpc.CampaignServiceImplBase {
    private final CampaignCommands commands;
    private final CampaignQueries queries;
    private final PledgeLedger ledger;
    private final CreatorUpdates updates;

    public CampaignGrpcEndpoint(CampaignCommands commands, CampaignQueries queries, PledgeLedger ledger,
                                CreatorUpdates updates) {
        this.commands = commands;
        this.queries = queries;
        this.ledger = ledger;
        this.updates = updates;
    }

    @Override
    public void createCampaign(CreateCampaignRequest r, StreamObserver<CreateCampaignResponse> out) {
        var campaign = commands.create(CallContext.principal(), r.getRequestId(), new CampaignDraft(r.getTitle(),
                r.getDescription(), CampaignProtos.model(r.getFundingModel()), r.getCurrency(), r.getGoalMinor(),
                r.hasEndAt() ? instant(r.getEndAt()) : null, r.getPledgeCutoffHours(), r.getNoRewards(),
                r.getReservationTtlMinutes()));
        reply(out, CreateCampaignResponse.newBuilder().setCampaign(view(campaign.id())).build());
    }

    @Override
    public void updateCampaign(UpdateCampaignRequest r, StreamObserver<UpdateCampaignResponse> out) {
        UUID id = id("campaign_id", r.getCampaignId());
        commands.update(CallContext.principal(), id, new CampaignDraft(
                r.hasTitle() ? r.getTitle() : null,
                r.hasDescription() ? r.getDescription() : null,
                CampaignProtos.model(r.getFundingModel()),
                r.hasCurrency() ? r.getCurrency() : null,
                r.hasGoalMinor() ? r.getGoalMinor() : null,
                r.hasEndAt() ? instant(r.getEndAt()) : null,
                r.hasPledgeCutoffHours() ? r.getPledgeCutoffHours() : null,
                r.hasNoRewards() ? r.getNoRewards() : null,
                r.hasReservationTtlMinutes() ? r.getReservationTtlMinutes() : null), r.getExpectedVersion());
        reply(out, UpdateCampaignResponse.newBuilder().setCampaign(view(id)).build());
    }

    @Override
    public void addTier(AddTierRequest r, StreamObserver<AddTierResponse> out) {
        Tier tier = commands.addTier(CallContext.principal(), id("campaign_id", r.getCampaignId()), r.getRequestId(),
                new TierDraft(r.getTitle(), r.getDescription(), r.getMinPledgeMinor(),
                        r.hasQuantityLimit() ? r.getQuantityLimit() : null, false, r.getEstimatedDelivery()));
        reply(out, AddTierResponse.newBuilder().setTier(CampaignProtos.tier(tier)).build());
    }

    @Override
    public void updateTier(UpdateTierRequest r, StreamObserver<UpdateTierResponse> out) {
        Tier tier = commands.updateTier(CallContext.principal(), id("tier_id", r.getTierId()), new TierDraft(
                r.hasTitle() ? r.getTitle() : null,
                r.hasDescription() ? r.getDescription() : null,
                r.hasMinPledgeMinor() ? r.getMinPledgeMinor() : null,
                r.hasQuantityLimit() ? r.getQuantityLimit() : null,
                r.getClearQuantityLimit(),
                r.hasEstimatedDelivery() ? r.getEstimatedDelivery() : null));
        reply(out, UpdateTierResponse.newBuilder().setTier(CampaignProtos.tier(tier)).build());
    }

    @Override
    public void launchCampaign(LaunchCampaignRequest r, StreamObserver<LaunchCampaignResponse> out) {
        UUID id = id("campaign_id", r.getCampaignId());
        commands.launch(CallContext.principal(), id);
        reply(out, LaunchCampaignResponse.newBuilder().setCampaign(view(id)).build());
    }

    @Override
    public void cancelCampaign(CancelCampaignRequest r, StreamObserver<CancelCampaignResponse> out) {
        UUID id = id("campaign_id", r.getCampaignId());
        commands.cancel(CallContext.principal(), id, r.getReason());
        reply(out, CancelCampaignResponse.newBuilder().setCampaign(view(id)).build());
    }

    @Override
    public void endCampaign(EndCampaignRequest r, StreamObserver<EndCampaignResponse> out) {
        UUID id = id("campaign_id", r.getCampaignId());
        commands.end(CallContext.principal(), id);
        reply(out, EndCampaignResponse.newBuilder().setCampaign(view(id)).build());
    }

    @Override
    public void getCampaign(GetCampaignRequest r, StreamObserver<GetCampaignResponse> out) {
        reply(out, GetCampaignResponse.newBuilder().setCampaign(view(id("campaign_id", r.getCampaignId()))).build());
    }

    @Override
    public void listCampaigns(ListCampaignsRequest r, StreamObserver<ListCampaignsResponse> out) {
        List<CampaignStatus> statuses = new ArrayList<>();
        for (var s : r.getStatusesList()) {
            CampaignStatus status = CampaignProtos.status(s);
            if (status == null) {
                throw ServiceException.invalid("statuses", "unknown status " + s);
            }
            statuses.add(status);
        }
        var page = queries.list(CallContext.principal(), statuses, r.getCreatorId(), r.getPageSize(), r.getPageToken());
        reply(out, ListCampaignsResponse.newBuilder()
                .addAllCampaigns(page.items().stream().map(v -> CampaignProtos.campaign(v.campaign(), v.tiers(), v.milestones())).toList())
                .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    public void getTier(GetTierRequest r, StreamObserver<GetTierResponse> out) {
        UUID tierId = id("tier_id", r.getTierId());
        var view = queries.getByTier(CallContext.principal(), tierId);
        Tier tier = view.tiers().stream().filter(t -> t.id().equals(tierId)).findFirst().orElseThrow();
        reply(out, GetTierResponse.newBuilder().setTier(CampaignProtos.tier(tier))
                .setCampaign(CampaignProtos.campaign(view.campaign(), view.tiers(), view.milestones())).build());
    }

    @Override
    public void recordPledge(RecordPledgeRequest r, StreamObserver<RecordPledgeResponse> out) {
        var recorded = ledger.record(CallContext.principal(), new PledgeLedger.PledgeToRecord(
                id("campaign_id", r.getCampaignId()), id("pledge_id", r.getPledgeId()),
                r.getTierId().isEmpty() ? null : id("tier_id", r.getTierId()), r.getAmountMinor(), r.getCurrency(),
                r.getBackerId(), r.getBackerCountry()));
        reply(out, RecordPledgeResponse.newBuilder().setPledgedMinor(recorded.pledgedMinor())
                .setBackerCount(recorded.backerCount()).addAllMilestonesCrossed(recorded.milestonesCrossed())
                .setAlreadyRecorded(recorded.alreadyRecorded()).build());
    }

    @Override
    public void releasePledge(ReleasePledgeRequest r, StreamObserver<ReleasePledgeResponse> out) {
        var released = ledger.release(CallContext.principal(), id("campaign_id", r.getCampaignId()),
                id("pledge_id", r.getPledgeId()));
        reply(out, ReleasePledgeResponse.newBuilder().setPledgedMinor(released.pledgedMinor())
                .setAlreadyReleased(released.alreadyReleased()).build());
    }

    @Override
    public void postCreatorUpdate(PostCreatorUpdateRequest r, StreamObserver<PostCreatorUpdateResponse> out) {
        var update = updates.post(CallContext.principal(), id("campaign_id", r.getCampaignId()), r.getRequestId(),
                r.getTitle(), r.getBody());
        reply(out, PostCreatorUpdateResponse.newBuilder().setUpdate(CampaignProtos.update(update)).build());
    }

    @Override
    public void listCreatorUpdates(ListCreatorUpdatesRequest r, StreamObserver<ListCreatorUpdatesResponse> out) {
        var page = queries.updates(CallContext.principal(), id("campaign_id", r.getCampaignId()), r.getPageSize(),
                r.getPageToken());
        reply(out, ListCreatorUpdatesResponse.newBuilder()
                .addAllUpdates(page.items().stream().map(CampaignProtos::update).toList())
                .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    public void getDashboard(GetDashboardRequest r, StreamObserver<GetDashboardResponse> out) {
        var view = queries.dashboard(CallContext.principal(), id("campaign_id", r.getCampaignId()));
        Dashboard d = view.dashboard();
        Map<String, Tier> tiers = view.tiers().stream().collect(Collectors.toMap(t -> t.id().toString(), Function.identity()));
        var b = org.crowdfund.proto.campaign.v1.Dashboard.newBuilder()
                .setCampaignId(view.campaign().id().toString())
                .setCurrency(view.campaign().currency())
                .setGoalMinor(view.campaign().goalMinor())
                .setPledgeCount(d.pledgeCount())
                .setPledgedMinor(d.pledgedMinor());
        if (d.asOf() != null) {
            b.setAsOf(ProtoTime.timestamp(d.asOf()));
        }
        for (Tier t : view.tiers()) {
            var line = d.tiers().stream().filter(l -> l.tierId().equals(t.id().toString())).findFirst();
            TierStats.Builder stats = TierStats.newBuilder().setTierId(t.id().toString()).setTitle(t.title())
                    .setPledgeCount(line.map(Dashboard.TierLine::pledgeCount).orElse(0))
                    .setAmountMinor(line.map(Dashboard.TierLine::amountMinor).orElse(0L));
            if (t.quantityLimit() != null) {
                stats.setQuantityLimit(t.quantityLimit());
            }
            b.addTiers(stats);
        }
        d.tiers().stream().filter(l -> !tiers.containsKey(l.tierId())).forEach(l -> b.addTiers(TierStats.newBuilder()
                .setTierId(l.tierId()).setTitle(l.tierId().isEmpty() ? "No reward" : l.tierId())
                .setPledgeCount(l.pledgeCount()).setAmountMinor(l.amountMinor())));
        d.countries().forEach(c -> b.addCountries(CountryStats.newBuilder().setCountry(c.country()).setPledgeCount(c.pledgeCount())));
        d.days().forEach(day -> b.addDaily(DailyStats.newBuilder().setDate(day.day().toString())
                .setPledgeCount(day.pledgeCount()).setAmountMinor(day.amountMinor())));
        reply(out, GetDashboardResponse.newBuilder().setDashboard(b).build());
    }

    private org.crowdfund.proto.campaign.v1.Campaign view(UUID id) {
        var view = queries.get(CallContext.principal(), id);
        return CampaignProtos.campaign(view.campaign(), view.tiers(), view.milestones());
    }

    private static UUID id(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ServiceException.invalid(field, "is required");
        }
        return Ids.parse(value).orElseThrow(() -> ServiceException.invalid(field, "must be a UUID, got '" + value + "'"));
    }

    /** Wire times are kept to the microsecond, PostgreSQL's precision, so stored and sent values compare equal. */
    private static Instant instant(com.google.protobuf.Timestamp ts) {
        return ProtoTime.instant(ts).truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> void reply(StreamObserver<T> out, T response) {
        out.onNext(response);
        out.onCompleted();
    }
}
