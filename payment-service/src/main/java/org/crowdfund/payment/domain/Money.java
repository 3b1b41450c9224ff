package org.crowdfund.payment.domain;

import org.crowdfund.platform.money.Currencies;

import java.util.Optional;

/**
 * Amount and currency rules every payment must meet before it reaches the provider: a currency of
 * the platform's one list (the currencies Stripe charges in, shared with campaign-service),
 * positive integer minor units of at most eight digits (Stripe's limit), at least the currency's
 * minimum charge, and for three-decimal currencies a last digit of 0.
 */
public final class Money {
    /** Stripe's largest amount: 99,999,999 minor units. */
    public static final long MAX_AMOUNT_MINOR = 99_999_999L;

    private Money() {
    }

    /** A field and what is wrong with it. */
    public record Problem(String field, String message) {
    }

    /** The upper-case ISO 4217 code, or empty if the platform does not take payments in it. */
    public static Optional<String> currency(String code) {
        return Currencies.of(code).map(Currencies.Currency::code);
    }

    /** Why an amount cannot be paid at all, or empty when it can. */
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

    /** Why this amount cannot be charged in this currency (unknown currency, range, minimum, rounding), or empty. */
    public static Optional<Problem> amountProblem(long amountMinor, String currencyCode) {
        Optional<Currencies.Currency> currency = Currencies.of(currencyCode);
        if (currency.isEmpty()) {
            return Optional.of(new Problem("currency", "must be an ISO 4217 code the payment provider charges in, "
                    + "such as USD, EUR or JPY, got '" + currencyCode + "'"));
        }
        return amountProblem(amountMinor)
                .or(() -> Currencies.chargeProblem(currency.get(), amountMinor))
                .map(message -> new Problem("amount_minor", message));
    }
}
