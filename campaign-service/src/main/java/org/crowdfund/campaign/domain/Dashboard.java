package org.crowdfund.campaign.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The creator dashboard as read from its event-fed read model. */
public record Dashboard(int pledgeCount, long pledgedMinor, Instant asOf, List<TierLine> tiers,
                        List<CountryLine> countries, List<DayLine> days) {
    public record TierLine(String tierId, int pledgeCount, long amountMinor) {
    }

    public record CountryLine(String country, int pledgeCount) {
    }

    public record DayLine(LocalDate day, int pledgeCount, long amountMinor) {
    }
}
