package org.crowdfund.campaign.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A campaign's life: {@code draft -> active -> settling -> funded | failed | partially_funded},
 * and {@code draft | active -> cancelled}. Every transition is listed here and nowhere else.
 */
public enum CampaignStatus {
    DRAFT, ACTIVE, SETTLING, FUNDED, FAILED, PARTIALLY_FUNDED, CANCELLED;

    private Set<CampaignStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(ACTIVE, CANCELLED);
            case ACTIVE -> EnumSet.of(SETTLING, CANCELLED);
            case SETTLING -> EnumSet.of(FUNDED, FAILED, PARTIALLY_FUNDED);
            case FUNDED, FAILED, PARTIALLY_FUNDED, CANCELLED -> EnumSet.noneOf(CampaignStatus.class);
        };
    }

    public boolean canMoveTo(CampaignStatus target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** Pledges are taken only while active (and before the deadline). */
    public boolean acceptsPledges() {
        return this == ACTIVE;
    }

    /** Visible to everyone (a draft only to its creator and admins). */
    public boolean isPublic() {
        return this != DRAFT;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CampaignStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
