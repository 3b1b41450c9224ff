package org.crowdfund.notification.events;

import com.google.protobuf.InvalidProtocolBufferException;
import jakarta.inject.Singleton;
import org.crowdfund.notification.app.Fanouts;
import org.crowdfund.notification.app.Links;
import org.crowdfund.notification.app.Notifier;
import org.crowdfund.notification.domain.Audience;
import org.crowdfund.notification.domain.MessageModel;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.notification.store.CampaignStore;
import org.crowdfund.notification.store.CampaignStore.CampaignInfo;
import org.crowdfund.platform.events.EventHandler;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.proto.events.v1.CampaignCancelled;
import org.crowdfund.proto.events.v1.CampaignEnded;
import org.crowdfund.proto.events.v1.CampaignLaunched;
import org.crowdfund.proto.events.v1.CampaignMilestoneReached;
import org.crowdfund.proto.events.v1.CampaignSettled;
import org.crowdfund.proto.events.v1.CreatorUpdatePosted;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.SettlementOutcome;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Campaign events: remember who runs each campaign, and tell backers (by fan-out) and the creator
 * about milestones, updates, the end, the settlement and a cancellation.
 * <p>
 * Ordering: every handler here is order-free. Each event makes its own notifications, once per
 * event id (campaign-service fires each milestone at most once, so there is nothing to compare).
 * Launch facts never change, so remembering them again is harmless. A creator notification needs
 * the CampaignLaunched that names the creator: an event that overtook it fails and is redelivered
 * with back-off until the launch has been applied.
 */
@Singleton
public class CampaignEventsHandler implements EventHandler {
    private final CampaignStore campaigns;
    private final Fanouts fanouts;
    private final Notifier notifier;
    private final Links links;

    public CampaignEventsHandler(CampaignStore campaigns, Fanouts fanouts, Notifier notifier, Links links) {
        this.campaigns = campaigns;
        this.fanouts = fanouts;
        this.notifier = notifier;
        this.links = links;
    }

    @Override
    public String durableName() {
        return "notification-campaigns";
    }

    @Override
    public String subjectFilter() {
        return "campaign.>";
    }

    @Override
    public void handle(EventEnvelope event) throws InvalidProtocolBufferException {
        String key = event.getEventId();
        var data = event.getData();
        if (data.is(CampaignLaunched.class)) {
            CampaignLaunched e = data.unpack(CampaignLaunched.class);
            campaigns.remember(new CampaignInfo(UUID.fromString(e.getCampaignId()), e.getCreatorId(), e.getTitle(),
                    e.getCurrency(), e.hasEndAt() ? ProtoTime.instant(e.getEndAt()) : null));
        } else if (data.is(CampaignMilestoneReached.class)) {
            CampaignMilestoneReached e = data.unpack(CampaignMilestoneReached.class);
            CampaignInfo campaign = launched(e.getCampaignId());
            Map<String, String> model = model(campaign, e.getCurrency());
            model.put("campaignTitle", e.getTitle().isBlank() ? campaign.title() : e.getTitle());
            model.put("percent", String.valueOf(e.getPercent()));
            model.put("pledgedMinor", String.valueOf(e.getPledgedMinor()));
            model.put("goalMinor", String.valueOf(e.getGoalMinor()));
            fanouts.start(key + ":backers", campaign.campaignId(), NotificationType.MILESTONE_REACHED,
                    Audience.CURRENT_BACKERS, withLink(model, links.campaign(e.getCampaignId())));
            notifier.notify(key + ":creator", campaign.creatorId(), NotificationType.CREATOR_MILESTONE, campaign.campaignId(),
                    withLink(model, links.dashboard(e.getCampaignId())));
        } else if (data.is(CreatorUpdatePosted.class)) {
            CreatorUpdatePosted e = data.unpack(CreatorUpdatePosted.class);
            Map<String, String> model = new LinkedHashMap<>();
            model.put("campaignTitle", e.getCampaignTitle());
            model.put("updateTitle", e.getTitle());
            model.put("updateBody", e.getBody());
            model.put("link", links.campaign(e.getCampaignId()));
            fanouts.start(key + ":backers", UUID.fromString(e.getCampaignId()), NotificationType.CREATOR_UPDATE,
                    Audience.CURRENT_BACKERS, model);
        } else if (data.is(CampaignEnded.class)) {
            CampaignEnded e = data.unpack(CampaignEnded.class);
            CampaignInfo campaign = launched(e.getCampaignId());
            Map<String, String> model = model(campaign, e.getCurrency());
            model.put("pledgedMinor", String.valueOf(e.getPledgedMinor()));
            model.put("goalMinor", String.valueOf(e.getGoalMinor()));
            notifier.notify(key + ":creator", campaign.creatorId(), NotificationType.CREATOR_CAMPAIGN_ENDED,
                    campaign.campaignId(), withLink(model, links.dashboard(e.getCampaignId())));
        } else if (data.is(CampaignSettled.class)) {
            settled(key, data.unpack(CampaignSettled.class));
        } else if (data.is(CampaignCancelled.class)) {
            CampaignCancelled e = data.unpack(CampaignCancelled.class);
            CampaignInfo campaign = campaigns.find(UUID.fromString(e.getCampaignId())).orElse(null);
            if (campaign == null) {
                // a draft was cancelled: it never launched, so nobody backs it
                return;
            }
            Map<String, String> model = model(campaign, campaign.currency());
            model.put("reason", e.getReason());
            fanouts.start(key + ":backers", campaign.campaignId(), NotificationType.CAMPAIGN_CANCELLED,
                    Audience.CURRENT_BACKERS, withLink(model, links.campaign(e.getCampaignId())));
        }
    }

    private void settled(String key, CampaignSettled e) {
        CampaignInfo campaign = launched(e.getCampaignId());
        String outcome = switch (e.getOutcome()) {
            case SETTLEMENT_OUTCOME_FUNDED -> "funded";
            case SETTLEMENT_OUTCOME_PARTIALLY_FUNDED -> "partially_funded";
            case SETTLEMENT_OUTCOME_FAILED -> "failed";
            default -> throw new IllegalArgumentException("CampaignSettled without an outcome: " + e.getOutcome());
        };
        Map<String, String> model = model(campaign, e.getCurrency());
        model.put("outcome", outcome);
        model.put("pledgedMinor", String.valueOf(e.getPledgedMinor()));
        model.put("goalMinor", String.valueOf(e.getGoalMinor()));
        Map<String, String> backers = withLink(model, links.campaign(e.getCampaignId()));
        NotificationType type = e.getOutcome() == SettlementOutcome.SETTLEMENT_OUTCOME_FAILED
                ? NotificationType.CAMPAIGN_FAILED : NotificationType.CAMPAIGN_FUNDED;
        fanouts.start(key + ":backers", campaign.campaignId(), type, Audience.SETTLED_BACKERS, backers);
        Map<String, String> creator = withLink(model, links.dashboard(e.getCampaignId()));
        creator.put("capturedMinor", String.valueOf(e.getCapturedMinor()));
        creator.put("capturedCount", String.valueOf(e.getCapturedCount()));
        creator.put("voidedCount", String.valueOf(e.getVoidedCount()));
        creator.put("failedCount", String.valueOf(e.getFailedCount()));
        notifier.notify(key + ":creator", campaign.creatorId(), NotificationType.CREATOR_SETTLEMENT, campaign.campaignId(), creator);
    }

    private CampaignInfo launched(String campaignId) {
        return campaigns.find(UUID.fromString(campaignId)).orElseThrow(() -> new IllegalStateException(
                "campaign " + campaignId + " has not been seen launched yet; retried until CampaignLaunched is applied"));
    }

    private static Map<String, String> model(CampaignInfo campaign, String currency) {
        Map<String, String> model = new LinkedHashMap<>();
        model.put("campaignTitle", campaign.title());
        model.put(MessageModel.CURRENCY, currency.isBlank() ? campaign.currency() : currency.toUpperCase(Locale.ROOT));
        return model;
    }

    private static Map<String, String> withLink(Map<String, String> model, String link) {
        Map<String, String> copy = new LinkedHashMap<>(model);
        copy.put("link", link);
        return copy;
    }
}
