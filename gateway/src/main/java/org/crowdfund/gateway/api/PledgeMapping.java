package org.crowdfund.gateway.api;

import org.crowdfund.proto.pledge.v1.Pledge;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.proto.pledge.v1.Settlement;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.crowdfund.gateway.api.CampaignMapping.emptyToNull;
import static org.crowdfund.gateway.api.CampaignMapping.iso;

/** pledge.v1 messages to the REST views. */
final class PledgeMapping {
    private PledgeMapping() {
    }

    static PledgeViews.Pledge pledge(Pledge p, Boolean refunded) {
        return new PledgeViews.Pledge(p.getId(), p.getCampaignId(), emptyToNull(p.getTierId()), p.getAmountMinor(), p.getCurrency(),
                status(p.getStatus()), p.hasCancellableUntil() ? iso(p.getCancellableUntil()) : null,
                iso(p.getCreatedAt()), iso(p.getUpdatedAt()), emptyToNull(p.getCountry()), emptyToNull(p.getReservationId()),
                p.hasNextAction() ? new PledgeViews.NextAction(p.getNextAction().getRedirectUrl(),
                        emptyToNull(p.getNextAction().getClientSecret())) : null,
                emptyToNull(p.getFailureReason()), emptyToNull(p.getDeclineCode()), emptyToNull(p.getFailureMessage()),
                p.hasFixBefore() ? iso(p.getFixBefore()) : null, p.hasHoldExpiresAt() ? iso(p.getHoldExpiresAt()) : null,
                p.getFundingModel(), p.hasCampaignEndAt() ? iso(p.getCampaignEndAt()) : null, refunded);
    }

    static String status(PledgeStatus status) {
        return status.name().substring("PLEDGE_STATUS_".length()).toLowerCase(Locale.ROOT);
    }

    static PledgeViews.Settlement settlement(Settlement s) {
        Map<String, PledgeViews.StatusCount> counts = new LinkedHashMap<>();
        s.getCountsList().forEach(c -> counts.put(status(c.getStatus()), new PledgeViews.StatusCount(c.getCount(), c.getAmountMinor())));
        return new PledgeViews.Settlement(s.getCampaignId(), s.getPhase(), emptyToNull(s.getOutcome()), s.getFundingModel(),
                s.getCurrency(), s.getGoalMinor(), s.getPledgedMinor(), s.getCapturedMinor(), counts, s.getRemaining(),
                s.getRatePerSecond(), s.hasEstimatedSecondsLeft() ? s.getEstimatedSecondsLeft() : null,
                iso(s.getStartedAt()), s.hasDecidedAt() ? iso(s.getDecidedAt()) : null,
                s.hasSettledAt() ? iso(s.getSettledAt()) : null, s.getCampaignCounterMinor(), s.getDriftMinor());
    }
}
