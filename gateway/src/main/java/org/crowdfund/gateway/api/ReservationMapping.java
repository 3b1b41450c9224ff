package org.crowdfund.gateway.api;

import com.google.protobuf.Timestamp;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.WaitlistEntry;

import static org.crowdfund.gateway.api.CampaignMapping.emptyToNull;
import static org.crowdfund.gateway.api.CampaignMapping.iso;

/** reservation.v1 messages to REST bodies; no rules, only names and types. */
final class ReservationMapping {
    private ReservationMapping() {
    }

    static Views.Reservation reservation(Reservation r, Timestamp serverTime) {
        return new Views.Reservation(r.getId(), r.getTierId(), r.getCampaignId(), r.getBackerId(), r.getQuantity(),
                ProtoEnums.wireName(r.getStatus()), ProtoEnums.wireName(r.getStrategy()), emptyToNull(r.getQueueId()),
                r.hasCreatedAt() ? iso(r.getCreatedAt()) : null,
                r.hasExpiresAt() ? iso(r.getExpiresAt()) : null,
                r.getExtended(), emptyToNull(r.getPledgeId()),
                r.hasConvertedAt() ? iso(r.getConvertedAt()) : null,
                r.hasEndedAt() ? iso(r.getEndedAt()) : null,
                ProtoEnums.wireName(r.getReleaseReason()), emptyToNull(r.getWaitlistEntryId()),
                serverTime == null ? null : iso(serverTime));
    }

    static Views.WaitlistEntry entry(WaitlistEntry e, Timestamp serverTime) {
        return new Views.WaitlistEntry(e.getId(), e.getTierId(), e.getCampaignId(), e.getBackerId(), e.getQuantity(),
                emptyToNull(e.getQueueId()), ProtoEnums.wireName(e.getStatus()), e.getPosition() > 0 ? e.getPosition() : null,
                e.hasJoinedAt() ? iso(e.getJoinedAt()) : null,
                e.hasOfferedAt() ? iso(e.getOfferedAt()) : null,
                e.hasReservation() ? reservation(e.getReservation(), serverTime) : null,
                e.hasEndedAt() ? iso(e.getEndedAt()) : null,
                serverTime == null ? null : iso(serverTime));
    }
}
