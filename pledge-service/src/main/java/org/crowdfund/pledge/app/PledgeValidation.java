package org.crowdfund.pledge.app;

import io.grpc.Status;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.money.Currencies;
import org.crowdfund.pledge.domain.PledgeLimits;
import org.crowdfund.proto.campaign.v1.Campaign;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
import org.crowdfund.proto.campaign.v1.Tier;
import org.crowdfund.proto.pledge.v1.CreatePledgeRequest;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.ReservationStatus;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.crowdfund.platform.grpc.ProtoTime.instant;

/** The saga's first step, validate: checks with no effect, so a refusal leaves nothing behind. */
final class PledgeValidation {
    static final int KEY_MAX = 100;

    private PledgeValidation() {
    }

    /** Shape of the request, before anything is looked up. */
    static void shape(CreatePledgeRequest r) {
        Violations v = new Violations();
        v.check(!r.getIdempotencyKey().isBlank() && r.getIdempotencyKey().length() <= KEY_MAX, "idempotency_key",
                "is required (the Idempotency-Key header), at most " + KEY_MAX + " characters");
        v.check(Ids.parse(r.getCampaignId()).isPresent(), "campaign_id", "must be a UUID, got '" + r.getCampaignId() + "'");
        v.check(r.getTierId().isEmpty() || Ids.parse(r.getTierId()).isPresent(), "tier_id", "must be a UUID or empty (no reward)");
        v.check(r.getReservationId().isEmpty() || Ids.parse(r.getReservationId()).isPresent(), "reservation_id", "must be a UUID");
        v.check(r.getAmountMinor() > 0, "amount_minor", "must be a positive number of minor units, got " + r.getAmountMinor());
        v.check(r.getCurrency().matches("[A-Z]{3}"), "currency", "must be an ISO-4217 code in upper case like USD, got '" + r.getCurrency() + "'");
        v.check(!r.getPaymentMethodId().isBlank() && r.getPaymentMethodId().length() <= 255, "payment_method_id",
                "is required: a Stripe payment method (pm_...) or a test card such as pm_card_visa");
        v.check(r.getCountry().isEmpty() || r.getCountry().matches("[A-Z]{2}"), "country", "must be ISO 3166-1 alpha-2 like DE, or empty");
        v.check(r.getReturnUrl().length() <= 2000, "return_url", "must be at most 2000 characters");
        v.throwIfAny();
    }

    /** The campaign takes this pledge: active, before its end, currency, tier and amount limits. */
    static Optional<Tier> against(Campaign campaign, CreatePledgeRequest r, Instant now) {
        if (campaign.getStatus() != CampaignStatus.CAMPAIGN_STATUS_ACTIVE || !now.isBefore(instant(campaign.getEndAt()))) {
            throw ServiceException.failedPrecondition("CAMPAIGN_NOT_ACTIVE", "campaign " + campaign.getId()
                    + " does not take pledges: " + (campaign.getStatus() == CampaignStatus.CAMPAIGN_STATUS_ACTIVE
                    ? "its deadline " + instant(campaign.getEndAt()) + " has passed"
                    : "it is " + campaign.getStatus().name().substring("CAMPAIGN_STATUS_".length()).toLowerCase()));
        }
        if (!campaign.getCurrency().equals(r.getCurrency())) {
            throw new ServiceException(Status.Code.INVALID_ARGUMENT, "CURRENCY_MISMATCH", "campaign " + campaign.getId()
                    + " takes pledges in " + campaign.getCurrency() + ", not " + r.getCurrency());
        }
        if (r.getAmountMinor() > PledgeLimits.MAX_PLEDGE_MINOR) {
            throw new ServiceException(Status.Code.INVALID_ARGUMENT, "AMOUNT_ABOVE_MAXIMUM", "a pledge is at most "
                    + PledgeLimits.MAX_PLEDGE_MINOR + " minor units of " + r.getCurrency() + ", got " + r.getAmountMinor());
        }
        chargeable(r.getAmountMinor(), r.getCurrency());
        if (r.getTierId().isEmpty()) {
            return Optional.empty();
        }
        Tier tier = campaign.getTiersList().stream().filter(t -> t.getId().equals(r.getTierId())).findFirst()
                .orElseThrow(() -> ServiceException.notFound("TIER_NOT_FOUND", "campaign " + campaign.getId()
                        + " has no tier " + r.getTierId()));
        if (r.getAmountMinor() < tier.getMinPledgeMinor()) {
            throw new ServiceException(Status.Code.INVALID_ARGUMENT, "AMOUNT_BELOW_MINIMUM", "tier '" + tier.getTitle()
                    + "' needs at least " + tier.getMinPledgeMinor() + " minor units of " + campaign.getCurrency()
                    + ", got " + r.getAmountMinor());
        }
        return Optional.of(tier);
    }

    /** At least the currency's minimum charge (and, for three-decimal currencies, in whole hundredths). */
    static void chargeable(long amountMinor, String currency) {
        Currencies.Currency known = Currencies.of(currency).orElseThrow(() -> ServiceException.invalid("currency",
                "the platform does not take payments in " + currency));
        Currencies.chargeProblem(known, amountMinor).ifPresent(problem -> {
            throw new ServiceException(Status.Code.INVALID_ARGUMENT, "AMOUNT_BELOW_MINIMUM", "a pledge " + problem);
        });
    }

    /** A limited tier needs the backer's own active reservation of that tier. */
    static void reservation(Tier tier, Reservation reservation, String backerId) {
        if (!reservation.getBackerId().equals(backerId) || !reservation.getTierId().equals(tier.getId())) {
            throw ServiceException.failedPrecondition("RESERVATION_MISMATCH", "reservation " + reservation.getId()
                    + " is not yours for tier '" + tier.getTitle() + "'; reserve a slot of this tier first");
        }
        // reservation-service's clock decides when a hold lapsed: its status says so (and Convert refuses it)
        if (reservation.getStatus() != ReservationStatus.RESERVATION_STATUS_ACTIVE) {
            throw ServiceException.failedPrecondition("RESERVATION_EXPIRED", "reservation " + reservation.getId()
                    + " is no longer held (" + reservation.getStatus().name().substring("RESERVATION_STATUS_".length())
                    .toLowerCase() + "); reserve the tier again");
        }
    }

    static void reservationRequired(Tier tier) {
        throw ServiceException.failedPrecondition("RESERVATION_REQUIRED", "tier '" + tier.getTitle()
                + "' has limited slots: reserve one first (POST /api/v1/reservations) and pledge with its reservationId");
    }

    static UUID uuidOrNull(String value) {
        return value.isEmpty() ? null : UUID.fromString(value);
    }
}
