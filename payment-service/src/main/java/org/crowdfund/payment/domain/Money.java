package org.crowdfund.payment.domain;

import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Amount and currency rules every payment must meet before it reaches the provider: positive
 * integer minor units of at most eight digits (Stripe's limit), ISO 4217 currencies that are money
 * (not metals, funds or test codes).
 */
public final class Money {
    /** Stripe's largest amount: 99,999,999 minor units. */
    public static final long MAX_AMOUNT_MINOR = 99_999_999L;

    private static final Set<String> NOT_MONEY = Set.of("XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD",
            "XPT", "XSU", "XTS", "XUA", "XXX", "BOV", "CLF", "COU", "MXV", "USN", "USS", "UYI", "UYW", "CHE", "CHW");

    private Money() {
    }

    /** The upper-case ISO 4217 code, or empty if it is not a currency a card can be charged in. */
    public static Optional<String> currency(String code) {
        if (code == null || !code.matches("[A-Za-z]{3}")) {
            return Optional.empty();
        }
        String upper = code.toUpperCase(Locale.ROOT);
        if (NOT_MONEY.contains(upper)) {
            return Optional.empty();
        }
        try {
            Currency currency = Currency.getInstance(upper);
            return currency.getDefaultFractionDigits() < 0 ? Optional.empty() : Optional.of(upper);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Why an amount cannot be paid, or empty when it can. */
    public static Optional<String> amountProblem(long amountMinor) {
        if (amountMinor <= 0) {
            return Optional.of("must be a positive number of minor units, got " + amountMinor);
        }
        if (amountMinor > MAX_AMOUNT_MINOR) {
            return Optional.of("must be at most " + MAX_AMOUNT_MINOR + " minor units (the provider's limit), got "
                    + amountMinor);
        }
        return Optional.empty();
    }
}
