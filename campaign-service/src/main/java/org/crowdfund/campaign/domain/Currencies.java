package org.crowdfund.campaign.domain;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Currencies campaigns may be run in, with their ISO-4217 exponent (amounts are integer minor
 * units: cents for USD, yen for JPY). The list is what the payment provider settles for us;
 * zero-decimal currencies are included on purpose so nobody assumes two decimals.
 */
public final class Currencies {
    private static final Map<String, Integer> EXPONENTS = new TreeMap<>(Map.ofEntries(
            Map.entry("USD", 2), Map.entry("EUR", 2), Map.entry("GBP", 2), Map.entry("CAD", 2),
            Map.entry("AUD", 2), Map.entry("NZD", 2), Map.entry("CHF", 2), Map.entry("SEK", 2),
            Map.entry("NOK", 2), Map.entry("DKK", 2), Map.entry("PLN", 2), Map.entry("MXN", 2),
            Map.entry("SGD", 2), Map.entry("HKD", 2), Map.entry("JPY", 0), Map.entry("KRW", 0)));

    private Currencies() {
    }

    public static boolean isSupported(String code) {
        return code != null && EXPONENTS.containsKey(code);
    }

    public static Optional<Integer> exponent(String code) {
        return Optional.ofNullable(EXPONENTS.get(code));
    }

    public static String supportedList() {
        return String.join(", ", EXPONENTS.keySet());
    }
}
