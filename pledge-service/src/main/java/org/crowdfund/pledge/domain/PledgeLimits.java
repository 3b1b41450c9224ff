package org.crowdfund.pledge.domain;

import java.util.Map;

/** Amount limits: the provider's largest charge and its smallest per currency (Stripe's minimums). */
public final class PledgeLimits {
    /** 999,999.99 in a two-decimal currency: Stripe's largest single charge. */
    public static final long MAX_PLEDGE_MINOR = 99_999_999L;

    /** Stripe's minimum charge amounts in minor units; other currencies: 50. */
    private static final Map<String, Long> MINIMUMS = Map.ofEntries(
            Map.entry("USD", 50L), Map.entry("EUR", 50L), Map.entry("GBP", 30L), Map.entry("CHF", 50L),
            Map.entry("CAD", 50L), Map.entry("AUD", 50L), Map.entry("JPY", 50L), Map.entry("DKK", 250L),
            Map.entry("NOK", 300L), Map.entry("SEK", 300L), Map.entry("HKD", 400L), Map.entry("MXN", 1000L),
            Map.entry("SGD", 50L), Map.entry("NZD", 50L), Map.entry("PLN", 200L), Map.entry("CZK", 1500L));

    private PledgeLimits() {
    }

    public static long currencyMinimum(String currency) {
        return MINIMUMS.getOrDefault(currency, 50L);
    }
}
