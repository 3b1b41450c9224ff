package org.crowdfund.gateway.live;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.crowdfund.proto.events.v1.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which platform events a campaign page shows live, and what of each: the mapping from an event
 * (crowdfund.events.v1) to a {@link LiveEvent}. Slot counts are not in reservation events (they
 * say which tier changed), so a page re-reads the tier's counts when told; totals are in the
 * campaign's pledge events and go to the page as they are.
 */
public final class LiveEvents {

    private LiveEvents() {
    }

    /** The live event for a platform event, or empty when pages do not show it. */
    public static Optional<LiveEvent> from(Any data, long sequence) {
        try {
            return Optional.ofNullable(map(data, sequence));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    private static LiveEvent map(Any any, long seq) throws InvalidProtocolBufferException {
        if (any.is(CampaignPledgeRecorded.class)) {
            CampaignPledgeRecorded e = any.unpack(CampaignPledgeRecorded.class);
            return progress(e.getCampaignId(), e.getTierId(), e.getPledgedMinor(), e.getBackerCount(), e.getCurrency(), seq);
        }
        if (any.is(CampaignPledgeReleased.class)) {
            CampaignPledgeReleased e = any.unpack(CampaignPledgeReleased.class);
            return progress(e.getCampaignId(), e.getTierId(), e.getPledgedMinor(), e.getBackerCount(), e.getCurrency(), seq);
        }
        if (any.is(ReservationCreated.class)) {
            ReservationCreated e = any.unpack(ReservationCreated.class);
            return slots(e.getCampaignId(), e.getTierId(), "held", seq);
        }
        if (any.is(ReservationConverted.class)) {
            ReservationConverted e = any.unpack(ReservationConverted.class);
            return slots(e.getCampaignId(), e.getTierId(), "sold", seq);
        }
        if (any.is(ReservationReleased.class)) {
            ReservationReleased e = any.unpack(ReservationReleased.class);
            return slots(e.getCampaignId(), e.getTierId(), "released", seq);
        }
        if (any.is(ReservationExpired.class)) {
            ReservationExpired e = any.unpack(ReservationExpired.class);
            return slots(e.getCampaignId(), e.getTierId(), "expired", seq);
        }
        if (any.is(RewardTierChanged.class)) {
            RewardTierChanged e = any.unpack(RewardTierChanged.class);
            return slots(e.getCampaignId(), e.getTierId(), "tier_changed", seq);
        }
        if (any.is(CampaignLaunched.class)) {
            return campaign(any.unpack(CampaignLaunched.class).getCampaignId(), "launched", seq);
        }
        if (any.is(CampaignCancelled.class)) {
            return campaign(any.unpack(CampaignCancelled.class).getCampaignId(), "cancelled", seq);
        }
        if (any.is(CampaignEnded.class)) {
            return campaign(any.unpack(CampaignEnded.class).getCampaignId(), "ended", seq);
        }
        if (any.is(CampaignSettled.class)) {
            return campaign(any.unpack(CampaignSettled.class).getCampaignId(), "settled", seq);
        }
        if (any.is(CampaignMilestoneReached.class)) {
            CampaignMilestoneReached e = any.unpack(CampaignMilestoneReached.class);
            return new LiveEvent(e.getCampaignId(), "campaign", body("change", "milestone", "percent", e.getPercent()), seq);
        }
        if (any.is(CreatorUpdatePosted.class)) {
            CreatorUpdatePosted e = any.unpack(CreatorUpdatePosted.class);
            return new LiveEvent(e.getCampaignId(), "update", body("updateId", e.getUpdateId(), "title", e.getTitle()), seq);
        }
        if (any.is(SettlementProgressed.class)) {
            SettlementProgressed e = any.unpack(SettlementProgressed.class);
            return new LiveEvent(e.getCampaignId(), "settlement", body("totalPledges", e.getTotalPledges(),
                    "captured", e.getCaptured(), "voided", e.getVoided(), "failed", e.getFailed(), "remaining", e.getRemaining()), seq);
        }
        return pledge(any, seq);
    }

    /** A pledge changed state: the dashboard re-reads; the backer's details stay out. */
    private static LiveEvent pledge(Any any, long seq) throws InvalidProtocolBufferException {
        PledgeSnapshot pledge;
        String change;
        if (any.is(PledgeCreated.class)) {
            pledge = any.unpack(PledgeCreated.class).getPledge();
            change = "created";
        } else if (any.is(PledgeChanged.class)) {
            pledge = any.unpack(PledgeChanged.class).getPledge();
            change = "changed";
        } else if (any.is(PledgeCancelled.class)) {
            pledge = any.unpack(PledgeCancelled.class).getPledge();
            change = "cancelled";
        } else if (any.is(PledgeCaptured.class)) {
            pledge = any.unpack(PledgeCaptured.class).getPledge();
            change = "captured";
        } else if (any.is(PledgeVoided.class)) {
            pledge = any.unpack(PledgeVoided.class).getPledge();
            change = "voided";
        } else if (any.is(PledgePaymentFailed.class)) {
            pledge = any.unpack(PledgePaymentFailed.class).getPledge();
            change = "payment_failed";
        } else if (any.is(PledgeDropped.class)) {
            pledge = any.unpack(PledgeDropped.class).getPledge();
            change = "dropped";
        } else if (any.is(PledgeRefunded.class)) {
            pledge = any.unpack(PledgeRefunded.class).getPledge();
            change = "refunded";
        } else {
            return null;
        }
        return new LiveEvent(pledge.getCampaignId(), "pledge", body("change", change, "tierId", emptyToNull(pledge.getTierId())), seq);
    }

    private static LiveEvent progress(String campaignId, String tierId, long pledgedMinor, int backerCount, String currency, long seq) {
        return new LiveEvent(campaignId, "progress", body("pledgedMinor", pledgedMinor, "backerCount", backerCount,
                "currency", currency, "tierId", emptyToNull(tierId)), seq);
    }

    private static LiveEvent slots(String campaignId, String tierId, String change, long seq) {
        return new LiveEvent(campaignId, "slots", body("tierId", tierId, "change", change), seq);
    }

    private static LiveEvent campaign(String campaignId, String change, long seq) {
        return new LiveEvent(campaignId, "campaign", body("change", change), seq);
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
