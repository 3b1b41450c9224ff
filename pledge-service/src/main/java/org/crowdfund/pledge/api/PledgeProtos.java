package org.crowdfund.pledge.api;

import org.crowdfund.pledge.app.PledgeQueries;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.proto.pledge.v1.NextAction;
import org.crowdfund.proto.pledge.v1.Settlement;
import org.crowdfund.proto.pledge.v1.StatusCount;

import java.util.Map;

import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** Domain to pledge.v1 messages. The client secret goes only into answers to the pledge's own backer. */
final class PledgeProtos {
    private PledgeProtos() {
    }

    static org.crowdfund.proto.pledge.v1.Pledge pledge(Pledge p) {
        var b = org.crowdfund.proto.pledge.v1.Pledge.newBuilder()
                .setId(p.id().toString())
                .setCampaignId(p.campaignId().toString())
                .setBackerId(p.backerId())
                .setTierId(p.tierId() == null ? "" : p.tierId().toString())
                .setAmountMinor(p.amountMinor())
                .setCurrency(p.currency())
                .setStatus(status(p.status()))
                .setCancellableUntil(timestamp(p.cutoffAt()))
                .setCreatedAt(timestamp(p.createdAt()))
                .setUpdatedAt(timestamp(p.updatedAt()))
                .setCountry(p.country())
                .setReservationId(p.reservationId() == null ? "" : p.reservationId().toString())
                .setFailureReason(p.failureReason())
                .setDeclineCode(p.declineCode())
                .setFailureMessage(p.failureMessage())
                .setFundingModel(p.fundingModel().dbValue())
                .setCampaignEndAt(timestamp(p.campaignEndAt()))
                .setVersion(p.version());
        if (p.status() == PledgeStatus.REQUIRES_ACTION && p.actionUrl() != null) {
            b.setNextAction(NextAction.newBuilder().setRedirectUrl(p.actionUrl())
                    .setClientSecret(p.actionClientSecret() == null ? "" : p.actionClientSecret()));
        }
        if (p.fixBefore() != null && p.status() == PledgeStatus.PAYMENT_FAILED) {
            b.setFixBefore(timestamp(p.fixBefore()));
        }
        if (p.holdCaptureBefore() != null && p.status() == PledgeStatus.PENDING) {
            b.setHoldExpiresAt(timestamp(p.holdCaptureBefore()));
        }
        return b.build();
    }

    /** For the campaign's creator: the same without anything that belongs to the backer's payment. */
    static org.crowdfund.proto.pledge.v1.Pledge forCreator(Pledge p) {
        return pledge(p).toBuilder().clearNextAction().build();
    }

    static org.crowdfund.proto.pledge.v1.PledgeStatus status(PledgeStatus s) {
        return org.crowdfund.proto.pledge.v1.PledgeStatus.valueOf("PLEDGE_STATUS_" + s.name());
    }

    static PledgeStatus status(org.crowdfund.proto.pledge.v1.PledgeStatus s) {
        return PledgeStatus.valueOf(s.name().substring("PLEDGE_STATUS_".length()));
    }

    static Settlement settlement(PledgeQueries.SettlementView v) {
        var r = v.record();
        var b = Settlement.newBuilder()
                .setCampaignId(r.campaignId().toString())
                .setPhase(r.phase())
                .setOutcome(r.outcome() == null ? "" : r.outcome())
                .setFundingModel(r.fundingModel())
                .setCurrency(r.currency())
                .setGoalMinor(r.goalMinor())
                .setPledgedMinor(r.pledgedMinor())
                .setRemaining(v.remaining())
                .setRatePerSecond(v.ratePerSecond())
                .setStartedAt(timestamp(r.startedAt()))
                .setCampaignCounterMinor(r.campaignCounterMinor())
                .setDriftMinor(r.driftMinor());
        PledgeStore.StatusTotal captured = v.totals().get(PledgeStatus.CAPTURED);
        b.setCapturedMinor(captured == null ? 0 : captured.amountMinor());
        for (Map.Entry<PledgeStatus, PledgeStore.StatusTotal> e : v.totals().entrySet()) {
            b.addCounts(StatusCount.newBuilder().setStatus(status(e.getKey())).setCount(e.getValue().count())
                    .setAmountMinor(e.getValue().amountMinor()));
        }
        if (v.secondsLeft() != null) {
            b.setEstimatedSecondsLeft(v.secondsLeft());
        }
        if (r.decidedAt() != null) {
            b.setDecidedAt(timestamp(r.decidedAt()));
        }
        if (r.settledAt() != null) {
            b.setSettledAt(timestamp(r.settledAt()));
        }
        return b.build();
    }
}
