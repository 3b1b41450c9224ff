package org.crowdfund.reservation.app;

import io.grpc.Status;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.reservation.domain.Inventory;
import org.crowdfund.reservation.domain.Reservation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every refusal of this service, with its stable reason (docs/reservations.md, "Errors"). */
public final class ReservationErrors {
    public static final String TIER_NOT_FOUND = "TIER_NOT_FOUND";
    public static final String TIER_UNLIMITED = "TIER_UNLIMITED";
    public static final String TIER_SOLD_OUT = "TIER_SOLD_OUT";
    public static final String POOL_SOLD_OUT = "POOL_SOLD_OUT";
    public static final String POOL_NOT_FOUND = "POOL_NOT_FOUND";
    public static final String CAMPAIGN_CLOSED = "CAMPAIGN_CLOSED";
    public static final String RESERVATION_NOT_FOUND = "RESERVATION_NOT_FOUND";
    public static final String RESERVATION_EXPIRED = "RESERVATION_EXPIRED";
    public static final String RESERVATION_RELEASED = "RESERVATION_RELEASED";
    public static final String RESERVATION_CONVERTED = "RESERVATION_CONVERTED";
    public static final String RESERVATION_MISMATCH = "RESERVATION_MISMATCH";
    public static final String RESERVATION_NOT_EXTENDABLE = "RESERVATION_NOT_EXTENDABLE";
    public static final String ALREADY_RESERVED = "ALREADY_RESERVED";
    public static final String WAITLIST_ENTRY_NOT_FOUND = "WAITLIST_ENTRY_NOT_FOUND";
    public static final String INVENTORY_IN_USE = "INVENTORY_IN_USE";

    private ReservationErrors() {
    }

    public static ServiceException tierNotFound(UUID tierId) {
        return ServiceException.notFound(TIER_NOT_FOUND, "tier " + tierId + " has no slot inventory here; "
                + "check the tier id (inventory appears moments after campaign-service creates a limited tier)");
    }

    public static ServiceException tierNotInCampaign(UUID tierId, UUID campaignId) {
        return ServiceException.notFound(TIER_NOT_FOUND, "tier " + tierId + " is not a tier of campaign " + campaignId);
    }

    public static ServiceException unlimited(UUID tierId) {
        return ServiceException.failedPrecondition(TIER_UNLIMITED, "tier " + tierId
                + " has no quantity limit, so it needs no reservation; pledge for it directly");
    }

    /*
     * Sold out is a business conflict (FAILED_PRECONDITION -> HTTP 409), not a rate limit: clients
     * and proxies retry RESOURCE_EXHAUSTED/429 by themselves, and retrying cannot free a slot.
     */
    public static ServiceException soldOut(Inventory inventory) {
        return new ServiceException(Status.Code.FAILED_PRECONDITION, TIER_SOLD_OUT, "tier " + inventory.tierId()
                + " has no free slot (" + inventory.total() + " in total); join its waitlist to be offered the next one",
                Map.of("tier_id", inventory.tierId().toString()), List.of());
    }

    public static ServiceException poolSoldOut(UUID tierId, String queueId) {
        return new ServiceException(Status.Code.FAILED_PRECONDITION, POOL_SOLD_OUT, "the pool of queue '" + queueId
                + "' on tier " + tierId + " has no free slot; join the waitlist for this queue",
                Map.of("tier_id", tierId.toString(), "queue_id", queueId), List.of());
    }

    public static ServiceException poolNotFound(UUID tierId, String queueId) {
        return ServiceException.failedPrecondition(POOL_NOT_FOUND, "tier " + tierId
                + " allocates by admission queue and has no pool for queue '" + queueId + "'; pass the queue the backer was admitted from");
    }

    public static ServiceException queueNotExpected(UUID tierId) {
        return ServiceException.invalid("queue_id", "tier " + tierId + " does not allocate by queue; leave queue_id empty");
    }

    public static ServiceException queueRequired(UUID tierId) {
        return ServiceException.invalid("queue_id", "tier " + tierId
                + " allocates by admission queue; pass the queue the backer was admitted from");
    }

    public static ServiceException closed(Inventory inventory) {
        return ServiceException.failedPrecondition(CAMPAIGN_CLOSED, "campaign " + inventory.campaignId()
                + " was cancelled or has ended; its tiers take no new reservations");
    }

    public static ServiceException reservationNotFound(UUID id) {
        return ServiceException.notFound(RESERVATION_NOT_FOUND, "no reservation " + id + " of yours exists");
    }

    public static ServiceException expired(Reservation r) {
        return ServiceException.failedPrecondition(RESERVATION_EXPIRED, "reservation " + r.id() + " expired at "
                + r.expiresAt() + " and its slot went back; reserve again if a slot is free");
    }

    public static ServiceException released(Reservation r) {
        return ServiceException.failedPrecondition(RESERVATION_RELEASED, "reservation " + r.id()
                + " was released" + (r.endedAt() == null ? "" : " at " + r.endedAt()) + "; reserve again if a slot is free");
    }

    public static ServiceException converted(Reservation r) {
        return ServiceException.failedPrecondition(RESERVATION_CONVERTED, "reservation " + r.id()
                + " belongs to pledge " + r.pledgeId() + "; cancel the pledge to give the slot back");
    }

    public static ServiceException mismatch(Reservation r, String why) {
        return ServiceException.failedPrecondition(RESERVATION_MISMATCH, "reservation " + r.id() + " " + why);
    }

    public static ServiceException notExtendable(Reservation r) {
        return ServiceException.failedPrecondition(RESERVATION_NOT_EXTENDABLE, "reservation " + r.id()
                + " is a hard allocation without expiry; there is nothing to extend");
    }

    public static ServiceException alreadyReserved(Reservation r) {
        return ServiceException.failedPrecondition(ALREADY_RESERVED, "you already hold reservation " + r.id()
                + " on this tier" + (r.expiresAt() == null ? "" : " until " + r.expiresAt())
                + "; a waitlist is for backers without a slot");
    }

    public static ServiceException entryNotFound(UUID id) {
        return ServiceException.notFound(WAITLIST_ENTRY_NOT_FOUND, "no waitlist entry " + id + " of yours exists");
    }

    public static ServiceException inventoryInUse(Inventory inventory) {
        return ServiceException.failedPrecondition(INVENTORY_IN_USE, "tier " + inventory.tierId() + " has "
                + inventory.reserved() + " slots on hold; change its strategy when no hold is active");
    }
}
