package org.crowdfund.notification.events;

import com.google.protobuf.InvalidProtocolBufferException;
import jakarta.inject.Singleton;
import org.crowdfund.notification.app.Links;
import org.crowdfund.notification.app.Notifier;
import org.crowdfund.notification.domain.MessageModel;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.notification.store.CampaignStore;
import org.crowdfund.notification.store.ReservationStore;
import org.crowdfund.platform.events.EventHandler;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.ReservationConverted;
import org.crowdfund.proto.events.v1.ReservationExpired;
import org.crowdfund.proto.events.v1.ReservationExpiring;
import org.crowdfund.proto.events.v1.ReservationOffered;
import org.crowdfund.proto.events.v1.ReservationReleased;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reservation events: warn a backer whose reward-slot hold is about to lapse (reservation-service
 * announces it RESERVATION_EXPIRING_NOTICE before, 2 minutes by default), tell them when it lapsed
 * and when a waitlist offer is theirs, with its countdown.
 * <p>
 * Ordering: converted, released and expired close the reservation here; an "expiring" notice
 * that arrives after any of them is dropped (stale). Expired and offered are order-free (one
 * notification per event id). Reservation events name the backer only by id: the e-mail goes to
 * the directory's address (from their pledges or their own calls); without one it is in-app only.
 */
@Singleton
public class ReservationEventsHandler implements EventHandler {
    private final ReservationStore reservations;
    private final CampaignStore campaigns;
    private final Notifier notifier;
    private final Links links;

    public ReservationEventsHandler(ReservationStore reservations, CampaignStore campaigns, Notifier notifier, Links links) {
        this.reservations = reservations;
        this.campaigns = campaigns;
        this.notifier = notifier;
        this.links = links;
    }

    @Override
    public String durableName() {
        return "notification-reservations";
    }

    @Override
    public String subjectFilter() {
        return "reservation.>";
    }

    @Override
    public void handle(EventEnvelope event) throws InvalidProtocolBufferException {
        String key = event.getEventId();
        Instant at = ProtoTime.instant(event.getOccurredAt());
        var data = event.getData();
        if (data.is(ReservationExpiring.class)) {
            ReservationExpiring e = data.unpack(ReservationExpiring.class);
            if (reservations.isClosed(UUID.fromString(e.getReservationId()))) {
                return;
            }
            Instant expiresAt = ProtoTime.instant(e.getExpiresAt());
            notifier.notify(key, e.getBackerId(), NotificationType.RESERVATION_EXPIRING, UUID.fromString(e.getCampaignId()),
                    model(e.getCampaignId(), expiresAt, at, links.campaign(e.getCampaignId())));
        } else if (data.is(ReservationExpired.class)) {
            ReservationExpired e = data.unpack(ReservationExpired.class);
            reservations.close(UUID.fromString(e.getReservationId()));
            notifier.notify(key, e.getBackerId(), NotificationType.RESERVATION_EXPIRED, UUID.fromString(e.getCampaignId()),
                    model(e.getCampaignId(), ProtoTime.instant(e.getExpiresAt()), at, links.campaign(e.getCampaignId())));
        } else if (data.is(ReservationOffered.class)) {
            ReservationOffered e = data.unpack(ReservationOffered.class);
            notifier.notify(key, e.getBackerId(), NotificationType.WAITLIST_OFFER, UUID.fromString(e.getCampaignId()),
                    model(e.getCampaignId(), ProtoTime.instant(e.getExpiresAt()), ProtoTime.instant(e.getOfferedAt()),
                            links.campaign(e.getCampaignId())));
        } else if (data.is(ReservationConverted.class)) {
            reservations.close(UUID.fromString(data.unpack(ReservationConverted.class).getReservationId()));
        } else if (data.is(ReservationReleased.class)) {
            reservations.close(UUID.fromString(data.unpack(ReservationReleased.class).getReservationId()));
        }
    }

    private Map<String, String> model(String campaignId, Instant expiresAt, Instant from, String link) {
        Map<String, String> model = new LinkedHashMap<>();
        model.put("campaignTitle", campaigns.find(UUID.fromString(campaignId)).map(c -> c.title()).orElse("a campaign"));
        model.put("expiresAt", MessageModel.time(expiresAt));
        long seconds = Math.max(0, Duration.between(from, expiresAt).toSeconds());
        model.put("minutesLeft", String.valueOf((seconds + 59) / 60));
        model.put("link", link);
        return model;
    }
}
