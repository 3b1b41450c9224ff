package org.crowdfund.reservation.events;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.events.Outbox;
import org.crowdfund.proto.events.v1.ReservationConverted;
import org.crowdfund.proto.events.v1.ReservationCreated;
import org.crowdfund.proto.events.v1.ReservationExpired;
import org.crowdfund.proto.events.v1.ReservationExpiring;
import org.crowdfund.proto.events.v1.ReservationExtended;
import org.crowdfund.proto.events.v1.ReservationOffered;
import org.crowdfund.proto.events.v1.ReservationReleased;
import org.crowdfund.reservation.domain.Reservation;

import java.time.Instant;
import java.util.List;

import static org.crowdfund.reservation.api.ProtoMapping.releaseReason;
import static org.crowdfund.reservation.api.ProtoMapping.strategy;
import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** Appends reservation facts to the outbox, in the transaction of the change they describe. */
@Singleton
@Requires(property = "datasources.default.url")
public class ReservationEvents {
    private final Outbox outbox;

    public ReservationEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** ReservationCreated for each new hold of a batch, appended with one statement. */
    public void created(List<Reservation> holds) {
        outbox.appendAll(holds.stream().map(r -> new Outbox.Entry(EventSubjects.RESERVATION_CREATED, r.id().toString(),
                createdEvent(r))).toList());
    }

    public void created(Reservation r) {
        outbox.append(EventSubjects.RESERVATION_CREATED, r.id().toString(), createdEvent(r));
    }

    private static ReservationCreated createdEvent(Reservation r) {
        var e = ReservationCreated.newBuilder()
                .setReservationId(r.id().toString()).setTierId(r.tierId().toString())
                .setCampaignId(r.campaignId().toString()).setBackerId(r.backerId()).setQuantity(r.quantity())
                .setStrategy(strategy(r.strategy())).setCreatedAt(timestamp(r.createdAt()));
        if (r.queueId() != null) {
            e.setQueueId(r.queueId());
        }
        if (r.expiresAt() != null) {
            e.setExpiresAt(timestamp(r.expiresAt()));
        }
        if (r.waitlistEntryId() != null) {
            e.setWaitlistEntryId(r.waitlistEntryId().toString());
        }
        return e.build();
    }

    public void offered(Reservation r) {
        outbox.append(EventSubjects.RESERVATION_OFFERED, r.id().toString(), ReservationOffered.newBuilder()
                .setReservationId(r.id().toString()).setWaitlistEntryId(r.waitlistEntryId().toString())
                .setTierId(r.tierId().toString()).setCampaignId(r.campaignId().toString())
                .setBackerId(r.backerId()).setQuantity(r.quantity())
                .setOfferedAt(timestamp(r.createdAt())).setExpiresAt(timestamp(r.expiresAt())).build());
    }

    public void converted(Reservation r) {
        var e = ReservationConverted.newBuilder()
                .setReservationId(r.id().toString()).setTierId(r.tierId().toString())
                .setCampaignId(r.campaignId().toString()).setBackerId(r.backerId()).setQuantity(r.quantity())
                .setPledgeId(r.pledgeId().toString()).setCreatedAt(timestamp(r.createdAt()))
                .setConvertedAt(timestamp(r.convertedAt()));
        if (r.waitlistEntryId() != null) {
            e.setWaitlistEntryId(r.waitlistEntryId().toString());
        }
        outbox.append(EventSubjects.RESERVATION_CONVERTED, r.id().toString(), e.build());
    }

    public void released(Reservation r, boolean wasConverted) {
        var e = ReservationReleased.newBuilder()
                .setReservationId(r.id().toString()).setTierId(r.tierId().toString())
                .setCampaignId(r.campaignId().toString()).setBackerId(r.backerId()).setQuantity(r.quantity())
                .setReason(releaseReason(r.releaseReason())).setWasConverted(wasConverted)
                .setReleasedAt(timestamp(r.endedAt()));
        if (r.pledgeId() != null) {
            e.setPledgeId(r.pledgeId().toString());
        }
        if (r.waitlistEntryId() != null) {
            e.setWaitlistEntryId(r.waitlistEntryId().toString());
        }
        outbox.append(EventSubjects.RESERVATION_RELEASED, r.id().toString(), e.build());
    }

    public void expired(Reservation r) {
        var e = ReservationExpired.newBuilder()
                .setReservationId(r.id().toString()).setTierId(r.tierId().toString())
                .setCampaignId(r.campaignId().toString()).setBackerId(r.backerId()).setQuantity(r.quantity())
                .setExpiresAt(timestamp(r.expiresAt())).setExpiredAt(timestamp(r.endedAt()));
        if (r.waitlistEntryId() != null) {
            e.setWaitlistEntryId(r.waitlistEntryId().toString());
        }
        outbox.append(EventSubjects.RESERVATION_EXPIRED, r.id().toString(), e.build());
    }

    public void extended(Reservation r, Instant previousExpiresAt) {
        outbox.append(EventSubjects.RESERVATION_EXTENDED, r.id().toString(), ReservationExtended.newBuilder()
                .setReservationId(r.id().toString()).setTierId(r.tierId().toString())
                .setCampaignId(r.campaignId().toString()).setBackerId(r.backerId())
                .setPreviousExpiresAt(timestamp(previousExpiresAt)).setExpiresAt(timestamp(r.expiresAt())).build());
    }

    public void expiring(Reservation r) {
        var e = ReservationExpiring.newBuilder()
                .setReservationId(r.id().toString()).setTierId(r.tierId().toString())
                .setCampaignId(r.campaignId().toString()).setBackerId(r.backerId())
                .setExpiresAt(timestamp(r.expiresAt()));
        if (r.waitlistEntryId() != null) {
            e.setWaitlistEntryId(r.waitlistEntryId().toString());
        }
        outbox.append(EventSubjects.RESERVATION_EXPIRING, r.id().toString(), e.build());
    }
}
