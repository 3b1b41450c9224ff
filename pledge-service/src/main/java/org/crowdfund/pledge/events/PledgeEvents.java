package org.crowdfund.pledge.events;

import jakarta.inject.Singleton;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.events.Outbox;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.proto.events.v1.*;

import java.time.Instant;

import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/**
 * Pledge events into the outbox, in the transaction of the change they describe. They carry what
 * every subscriber may see: the backer's contact (for notifications), never a payment secret.
 */
@Singleton
public class PledgeEvents {
    private final Outbox outbox;

    public PledgeEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void created(Pledge p, PledgeStatus status, Instant at) {
        outbox.append(EventSubjects.PLEDGE_CREATED, p.id().toString(), PledgeCreated.newBuilder().setPledge(snapshot(p))
                .setStatus(status.dbValue()).setCancellableUntil(timestamp(p.cutoffAt())).setCreatedAt(timestamp(at)).build());
    }

    public void changed(Pledge after, long previousAmountMinor, String previousTierId, Instant at) {
        outbox.append(EventSubjects.PLEDGE_CHANGED, after.id().toString(), PledgeChanged.newBuilder().setPledge(snapshot(after))
                .setPreviousAmountMinor(previousAmountMinor).setPreviousTierId(previousTierId).setChangedAt(timestamp(at)).build());
    }

    public void cancelled(Pledge p, boolean refunded, Instant at) {
        outbox.append(EventSubjects.PLEDGE_CANCELLED, p.id().toString(), PledgeCancelled.newBuilder().setPledge(snapshot(p))
                .setRefunded(refunded).setCancelledAt(timestamp(at)).build());
    }

    public void captured(Pledge p, long capturedMinor, Instant at) {
        outbox.append(EventSubjects.PLEDGE_CAPTURED, p.id().toString(), PledgeCaptured.newBuilder().setPledge(snapshot(p))
                .setCapturedMinor(capturedMinor).setCapturedAt(timestamp(at)).build());
    }

    public void voided(Pledge p, Instant at) {
        outbox.append(EventSubjects.PLEDGE_VOIDED, p.id().toString(), PledgeVoided.newBuilder().setPledge(snapshot(p))
                .setVoidedAt(timestamp(at)).build());
    }

    public void paymentFailed(Pledge p, String failureCode, String declineCode, String message, boolean atSettlement,
                              Instant fixBefore, Instant at) {
        outbox.append(EventSubjects.PLEDGE_PAYMENT_FAILED, p.id().toString(), PledgePaymentFailed.newBuilder()
                .setPledge(snapshot(p)).setFailureCode(failureCode).setDeclineCode(declineCode).setMessage(message)
                .setAtSettlement(atSettlement).setFixBefore(timestamp(fixBefore)).setFailedAt(timestamp(at)).build());
    }

    public void dropped(Pledge p, String reason, Instant at) {
        outbox.append(EventSubjects.PLEDGE_DROPPED, p.id().toString(), PledgeDropped.newBuilder().setPledge(snapshot(p))
                .setReason(reason).setDroppedAt(timestamp(at)).build());
    }

    public void refunded(Pledge p, long refundedMinor, Instant at) {
        outbox.append(EventSubjects.PLEDGE_REFUNDED, p.id().toString(), PledgeRefunded.newBuilder().setPledge(snapshot(p))
                .setRefundedMinor(refundedMinor).setRefundedAt(timestamp(at)).build());
    }

    public void settlementProgressed(SettlementProgressed progress) {
        outbox.append(EventSubjects.SETTLEMENT_PROGRESSED, progress.getCampaignId(), progress);
    }

    public void campaignSettled(CampaignSettled settled) {
        outbox.append(EventSubjects.CAMPAIGN_SETTLED, settled.getCampaignId(), settled);
    }

    static PledgeSnapshot snapshot(Pledge p) {
        return PledgeSnapshot.newBuilder()
                .setPledgeId(p.id().toString())
                .setCampaignId(p.campaignId().toString())
                .setTierId(p.tierId() == null ? "" : p.tierId().toString())
                .setTierTitle(p.tierTitle())
                .setAmountMinor(p.amountMinor())
                .setCurrency(p.currency())
                .setBacker(BackerContact.newBuilder().setBackerId(p.backerId()).setEmail(p.backerEmail())
                        .setDisplayName(p.backerName()).setLocale(p.backerLocale()))
                .setCampaignTitle(p.campaignTitle())
                .setEstimatedDelivery(p.estimatedDelivery())
                .setCountry(p.country())
                .build();
    }
}
