package org.crowdfund.campaign.events;

import jakarta.inject.Singleton;
import org.crowdfund.campaign.store.DashboardStore;
import org.crowdfund.platform.events.EventHandler;
import org.crowdfund.proto.events.v1.CampaignPledgeRecorded;
import org.crowdfund.proto.events.v1.CampaignPledgeReleased;
import org.crowdfund.proto.events.v1.EventEnvelope;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.crowdfund.platform.grpc.ProtoTime.instant;

/** Folds pledge_recorded / pledge_released events into the creator dashboard's read model. */
@Singleton
public class DashboardProjector implements EventHandler {
    private final DashboardStore dashboards;

    public DashboardProjector(DashboardStore dashboards) {
        this.dashboards = dashboards;
    }

    @Override
    public String durableName() {
        return "campaign-dashboard";
    }

    @Override
    public String subjectFilter() {
        return "campaign.>";
    }

    @Override
    public void handle(EventEnvelope event) throws Exception {
        if (event.getData().is(CampaignPledgeRecorded.class)) {
            CampaignPledgeRecorded e = event.getData().unpack(CampaignPledgeRecorded.class);
            Instant at = instant(e.getRecordedAt());
            dashboards.apply(UUID.fromString(e.getCampaignId()), e.getTierId(), e.getBackerCountry(),
                    at.atZone(ZoneOffset.UTC).toLocalDate(), e.getAmountMinor(), +1, at);
        } else if (event.getData().is(CampaignPledgeReleased.class)) {
            CampaignPledgeReleased e = event.getData().unpack(CampaignPledgeReleased.class);
            dashboards.apply(UUID.fromString(e.getCampaignId()), e.getTierId(), e.getBackerCountry(),
                    instant(e.getRecordedAt()).atZone(ZoneOffset.UTC).toLocalDate(), e.getAmountMinor(), -1,
                    instant(e.getReleasedAt()));
        }
    }
}
