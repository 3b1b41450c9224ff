package org.crowdfund.reservation.api;

import com.google.protobuf.Timestamp;
import org.crowdfund.proto.reservation.v1.Pool;
import org.crowdfund.proto.reservation.v1.TierAvailability;
import org.crowdfund.reservation.domain.AllocationStrategy;
import org.crowdfund.reservation.domain.Inventory;
import org.crowdfund.reservation.domain.ReleaseReason;
import org.crowdfund.reservation.domain.Reservation;
import org.crowdfund.reservation.domain.ReservationStatus;
import org.crowdfund.reservation.domain.WaitlistEntry;
import org.crowdfund.reservation.domain.WaitlistStatus;

import java.time.Instant;
import java.util.List;
import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** Domain values to and from crowdfund.reservation.v1 (also used for event payloads). */
public final class ProtoMapping {
    private ProtoMapping() {
    }

    public static org.crowdfund.proto.reservation.v1.Reservation reservation(Reservation r) {
        var b = org.crowdfund.proto.reservation.v1.Reservation.newBuilder()
                .setId(r.id().toString())
                .setTierId(r.tierId().toString())
                .setCampaignId(r.campaignId().toString())
                .setBackerId(r.backerId())
                .setQuantity(r.quantity())
                .setStatus(status(r.status()))
                .setStrategy(strategy(r.strategy()))
                .setCreatedAt(timestamp(r.createdAt()))
                .setExtended(r.extended());
        if (r.queueId() != null) {
            b.setQueueId(r.queueId());
        }
        if (r.expiresAt() != null) {
            b.setExpiresAt(timestamp(r.expiresAt()));
        }
        if (r.pledgeId() != null) {
            b.setPledgeId(r.pledgeId().toString());
        }
        if (r.convertedAt() != null) {
            b.setConvertedAt(timestamp(r.convertedAt()));
        }
        if (r.endedAt() != null) {
            b.setEndedAt(timestamp(r.endedAt()));
        }
        if (r.releaseReason() != null) {
            b.setReleaseReason(releaseReason(r.releaseReason()));
        }
        if (r.waitlistEntryId() != null) {
            b.setWaitlistEntryId(r.waitlistEntryId().toString());
        }
        return b.build();
    }

    public static org.crowdfund.proto.reservation.v1.WaitlistEntry waitlistEntry(WaitlistEntry e, int position,
                                                                                 Reservation offer) {
        var b = org.crowdfund.proto.reservation.v1.WaitlistEntry.newBuilder()
                .setId(e.id().toString())
                .setTierId(e.tierId().toString())
                .setCampaignId(e.campaignId().toString())
                .setBackerId(e.backerId())
                .setQuantity(e.quantity())
                .setStatus(waitlistStatus(e.status()))
                .setPosition(position)
                .setJoinedAt(timestamp(e.joinedAt()));
        if (e.queueId() != null) {
            b.setQueueId(e.queueId());
        }
        if (e.offeredAt() != null) {
            b.setOfferedAt(timestamp(e.offeredAt()));
        }
        if (offer != null) {
            b.setReservation(reservation(offer));
        }
        if (e.endedAt() != null) {
            b.setEndedAt(timestamp(e.endedAt()));
        }
        return b.build();
    }

    public static TierAvailability availability(Inventory inv, int waitlistLength) {
        var b = TierAvailability.newBuilder()
                .setTierId(inv.tierId().toString())
                .setCampaignId(inv.campaignId().toString())
                .setTracked(true)
                .setUnlimited(inv.unlimited())
                .setHeld(inv.reserved())
                .setSold(inv.sold())
                .setWaitlistLength(waitlistLength)
                .setStrategy(strategy(inv.strategy()))
                .setClosed(inv.closed());
        if (!inv.unlimited()) {
            b.setTotal(inv.total()).setAvailable(inv.available());
        }
        return b.build();
    }

    public static org.crowdfund.proto.reservation.v1.Inventory inventory(Inventory inv,
                                                                         List<org.crowdfund.reservation.domain.Pool> pools,
                                                                         int waitlistLength) {
        var b = org.crowdfund.proto.reservation.v1.Inventory.newBuilder()
                .setTierId(inv.tierId().toString())
                .setCampaignId(inv.campaignId().toString())
                .setUnlimited(inv.unlimited())
                .setHeld(inv.reserved())
                .setSold(inv.sold())
                .setStrategy(strategy(inv.strategy()))
                .setTtlSeconds((int) inv.ttl().toSeconds())
                .setRevision(inv.revision())
                .setClosed(inv.closed())
                .setWaitlistLength(waitlistLength);
        if (!inv.unlimited()) {
            b.setTotal(inv.total()).setAvailable(inv.available());
        }
        if (inv.requestedTotal() != null) {
            b.setRequestedTotal(inv.requestedTotal());
        }
        for (var pool : pools) {
            b.addPools(Pool.newBuilder().setQueueId(pool.queueId()).setSize(pool.size()).setHeld(pool.reserved())
                    .setSold(pool.sold()).setAvailable(pool.available()));
        }
        return b.build();
    }

    public static org.crowdfund.proto.reservation.v1.ReservationStatus status(ReservationStatus s) {
        return switch (s) {
            case ACTIVE -> org.crowdfund.proto.reservation.v1.ReservationStatus.RESERVATION_STATUS_ACTIVE;
            case CONVERTED -> org.crowdfund.proto.reservation.v1.ReservationStatus.RESERVATION_STATUS_CONVERTED;
            case RELEASED -> org.crowdfund.proto.reservation.v1.ReservationStatus.RESERVATION_STATUS_RELEASED;
            case EXPIRED -> org.crowdfund.proto.reservation.v1.ReservationStatus.RESERVATION_STATUS_EXPIRED;
        };
    }

    public static org.crowdfund.proto.reservation.v1.WaitlistStatus waitlistStatus(WaitlistStatus s) {
        return switch (s) {
            case WAITING -> org.crowdfund.proto.reservation.v1.WaitlistStatus.WAITLIST_STATUS_WAITING;
            case OFFERED -> org.crowdfund.proto.reservation.v1.WaitlistStatus.WAITLIST_STATUS_OFFERED;
            case ACCEPTED -> org.crowdfund.proto.reservation.v1.WaitlistStatus.WAITLIST_STATUS_ACCEPTED;
            case DECLINED -> org.crowdfund.proto.reservation.v1.WaitlistStatus.WAITLIST_STATUS_DECLINED;
            case LAPSED -> org.crowdfund.proto.reservation.v1.WaitlistStatus.WAITLIST_STATUS_LAPSED;
            case LEFT -> org.crowdfund.proto.reservation.v1.WaitlistStatus.WAITLIST_STATUS_LEFT;
            case CLOSED -> org.crowdfund.proto.reservation.v1.WaitlistStatus.WAITLIST_STATUS_CLOSED;
        };
    }

    public static org.crowdfund.proto.reservation.v1.AllocationStrategy strategy(AllocationStrategy s) {
        return switch (s) {
            case SOFT -> org.crowdfund.proto.reservation.v1.AllocationStrategy.ALLOCATION_STRATEGY_SOFT;
            case HARD -> org.crowdfund.proto.reservation.v1.AllocationStrategy.ALLOCATION_STRATEGY_HARD;
            case QUEUE_POOLS -> org.crowdfund.proto.reservation.v1.AllocationStrategy.ALLOCATION_STRATEGY_QUEUE_POOLS;
        };
    }

    /** Null for UNSPECIFIED or an unknown value. */
    public static AllocationStrategy strategy(org.crowdfund.proto.reservation.v1.AllocationStrategy s) {
        return switch (s) {
            case ALLOCATION_STRATEGY_SOFT -> AllocationStrategy.SOFT;
            case ALLOCATION_STRATEGY_HARD -> AllocationStrategy.HARD;
            case ALLOCATION_STRATEGY_QUEUE_POOLS -> AllocationStrategy.QUEUE_POOLS;
            default -> null;
        };
    }

    public static org.crowdfund.proto.reservation.v1.ReleaseReason releaseReason(ReleaseReason r) {
        return switch (r) {
            case BACKER -> org.crowdfund.proto.reservation.v1.ReleaseReason.RELEASE_REASON_BACKER;
            case ABANDONED -> org.crowdfund.proto.reservation.v1.ReleaseReason.RELEASE_REASON_ABANDONED;
            case PLEDGE_FAILED -> org.crowdfund.proto.reservation.v1.ReleaseReason.RELEASE_REASON_PLEDGE_FAILED;
            case PLEDGE_CANCELLED -> org.crowdfund.proto.reservation.v1.ReleaseReason.RELEASE_REASON_PLEDGE_CANCELLED;
            case PLEDGE_DROPPED -> org.crowdfund.proto.reservation.v1.ReleaseReason.RELEASE_REASON_PLEDGE_DROPPED;
            case CAMPAIGN_CANCELLED -> org.crowdfund.proto.reservation.v1.ReleaseReason.RELEASE_REASON_CAMPAIGN_CANCELLED;
            case CAMPAIGN_ENDED -> org.crowdfund.proto.reservation.v1.ReleaseReason.RELEASE_REASON_CAMPAIGN_ENDED;
            case ADMIN -> org.crowdfund.proto.reservation.v1.ReleaseReason.RELEASE_REASON_ADMIN;
            case OFFER_DECLINED -> org.crowdfund.proto.reservation.v1.ReleaseReason.RELEASE_REASON_OFFER_DECLINED;
        };
    }

    /** Null for UNSPECIFIED or an unknown value. */
    public static ReleaseReason releaseReason(org.crowdfund.proto.reservation.v1.ReleaseReason r) {
        return switch (r) {
            case RELEASE_REASON_BACKER -> ReleaseReason.BACKER;
            case RELEASE_REASON_ABANDONED -> ReleaseReason.ABANDONED;
            case RELEASE_REASON_PLEDGE_FAILED -> ReleaseReason.PLEDGE_FAILED;
            case RELEASE_REASON_PLEDGE_CANCELLED -> ReleaseReason.PLEDGE_CANCELLED;
            case RELEASE_REASON_PLEDGE_DROPPED -> ReleaseReason.PLEDGE_DROPPED;
            case RELEASE_REASON_CAMPAIGN_CANCELLED -> ReleaseReason.CAMPAIGN_CANCELLED;
            case RELEASE_REASON_CAMPAIGN_ENDED -> ReleaseReason.CAMPAIGN_ENDED;
            case RELEASE_REASON_ADMIN -> ReleaseReason.ADMIN;
            case RELEASE_REASON_OFFER_DECLINED -> ReleaseReason.OFFER_DECLINED;
            default -> null;
        };
    }
}
