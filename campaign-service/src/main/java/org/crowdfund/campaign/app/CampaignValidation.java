package org.crowdfund.campaign.app;

import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.campaign.domain.CampaignRules;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.money.Currencies;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Field rules for campaigns and tiers; every message says what is allowed. */
final class CampaignValidation {
    private CampaignValidation() {
    }

    static void details(Violations v, Campaign c, Instant now) {
        text(v, "title", c.title(), CampaignRules.TITLE_MAX, true);
        text(v, "description", c.description(), CampaignRules.DESCRIPTION_MAX, false);
        v.check(c.fundingModel() != null, "funding_model", "must be ALL_OR_NOTHING or KEEP_IT_ALL");
        if (c.currency() == null || c.currency().isBlank()) {
            v.add("currency", "is required (ISO-4217 code such as USD)");
        } else if (!Currencies.all().containsKey(c.currency())) {
            // the platform's one list, shared with payment-service: what Stripe charges in
            v.add("currency", "'" + c.currency() + "' is not a supported currency; use an upper-case ISO-4217 code "
                    + "the payment provider charges in, one of " + String.join(", ", Currencies.all().keySet()));
        }
        if (c.goalMinor() <= 0) {
            v.add("goal_minor", "must be a positive amount in minor units, got " + c.goalMinor());
        } else if (c.goalMinor() > CampaignRules.MAX_GOAL_MINOR) {
            v.add("goal_minor", "must be at most " + CampaignRules.MAX_GOAL_MINOR + " minor units, got " + c.goalMinor());
        }
        if (c.pledgeCutoffHours() < 1 || c.pledgeCutoffHours() > CampaignRules.MAX_CUTOFF_HOURS) {
            v.add("pledge_cutoff_hours", "must be between 1 and " + CampaignRules.MAX_CUTOFF_HOURS + " hours (0 = default 48)");
        }
        int ttl = c.reservationTtlMinutes();
        if (ttl != 0 && (ttl < CampaignRules.MIN_RESERVATION_TTL_MINUTES || ttl > CampaignRules.MAX_RESERVATION_TTL_MINUTES)) {
            v.add("reservation_ttl_minutes", "must be between " + CampaignRules.MIN_RESERVATION_TTL_MINUTES + " and "
                    + CampaignRules.MAX_RESERVATION_TTL_MINUTES + " minutes (0 = default)");
        }
        if (c.endAt() != null) {
            deadline(v, c, now);
        }
    }

    static void deadline(Violations v, Campaign c, Instant now) {
        Instant earliest = now.plus(CampaignRules.MIN_DURATION);
        Instant latest = now.plus(CampaignRules.MAX_DURATION);
        if (c.endAt().isBefore(earliest) || c.endAt().isAfter(latest)) {
            v.add("end_at", "must be between 1 and 60 days from now (" + earliest + " .. " + latest + "), got " + c.endAt());
        } else if (!c.pledgeCutoffAt().isAfter(now)) {
            v.add("pledge_cutoff_hours", "a cutoff of " + c.pledgeCutoffHours() + " h before " + c.endAt()
                    + " has already passed; backers could never cancel. Choose a later end or a shorter cutoff");
        }
    }

    static void tier(Violations v, String title, String description, long minPledgeMinor, Integer quantityLimit,
                     String estimatedDelivery) {
        text(v, "title", title, CampaignRules.TIER_TITLE_MAX, true);
        text(v, "description", description, CampaignRules.TIER_DESCRIPTION_MAX, false);
        if (minPledgeMinor <= 0) {
            v.add("min_pledge_minor", "must be a positive amount in minor units, got " + minPledgeMinor);
        } else if (minPledgeMinor > CampaignRules.MAX_PLEDGE_MINOR) {
            v.add("min_pledge_minor", "must be at most " + CampaignRules.MAX_PLEDGE_MINOR + " minor units, got " + minPledgeMinor);
        }
        if (quantityLimit != null && (quantityLimit <= 0 || quantityLimit > CampaignRules.MAX_TIER_QUANTITY)) {
            v.add("quantity_limit", "must be between 1 and " + CampaignRules.MAX_TIER_QUANTITY
                    + ", or absent for an unlimited tier; got " + quantityLimit);
        }
        if (estimatedDelivery != null && !estimatedDelivery.isEmpty()) {
            try {
                LocalDate.parse(estimatedDelivery);
            } catch (DateTimeParseException e) {
                v.add("estimated_delivery", "must be an ISO date like 2027-03-01, got '" + estimatedDelivery + "'");
            }
        }
    }

    static void text(Violations v, String field, String value, int max, boolean required) {
        if (required && (value == null || value.isBlank())) {
            v.add(field, "is required and must not be blank");
        } else if (value != null && value.length() > max) {
            v.add(field, "must be at most " + max + " characters, got " + value.length());
        }
    }

    static void requestId(Violations v, String requestId) {
        if (requestId != null && requestId.length() > CampaignRules.REQUEST_ID_MAX) {
            v.add("request_id", "must be at most " + CampaignRules.REQUEST_ID_MAX + " characters");
        }
    }

}
