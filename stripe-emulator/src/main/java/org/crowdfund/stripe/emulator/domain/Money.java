package org.crowdfund.stripe.emulator.domain;

import java.util.Locale;
import org.crowdfund.stripe.emulator.StripeCurrencies;

/**
 * Stripe's amount and currency rules: amounts are positive integers in the currency's minor unit,
 * at least the currency's minimum charge and at most eight digits; currencies are the ones Stripe
 * charges in ({@link StripeCurrencies}), lowercase on the wire.
 */
public final class Money {

  /** Stripe's largest amount: 99,999,999 minor units (eight digits). */
  public static final long MAX_AMOUNT = 99_999_999L;

  private Money() {}

  public static String currency(Params params) {
    String currency = params.requiredString("currency").toLowerCase(Locale.ROOT);
    if (StripeCurrencies.of(currency).isEmpty()) {
      throw StripeApiException.invalidRequest("parameter_invalid_string", "currency",
          "Invalid currency: " + currency + ". Stripe currently supports these currencies: "
              + String.join(", ", StripeCurrencies.all().keySet()));
    }
    return currency;
  }

  /** The amount of a new payment: required, positive, at least the minimum charge, at most eight digits. */
  public static long paymentAmount(Params params, String currency) {
    long amount = params.integer("amount").orElseThrow(() -> StripeApiException.missingParam("amount"));
    positive(amount, "amount");
    StripeCurrencies.Currency known = StripeCurrencies.of(currency).orElseThrow();
    if (amount < known.minimumChargeMinor()) {
      throw StripeApiException.invalidRequest("amount_too_small", "amount",
          "Amount must be at least " + known.minimumChargeMinor() + " " + currency + " minor units");
    }
    if (known.exponent() == 3 && amount % 10 != 0) {
      throw StripeApiException.invalidRequest("parameter_invalid_integer", "amount",
          "The amount for " + currency + " must be rounded to the nearest 10 (its last digit must be 0), because "
              + "card networks settle three-decimal currencies in hundredths; got " + amount + ".");
    }
    return amount;
  }

  /** An amount that must be a positive integer of at most eight digits (captures, refunds). */
  public static void positive(long amount, String param) {
    if (amount < 1) {
      throw StripeApiException.invalidRequest("parameter_invalid_integer", param,
          "This value must be greater than or equal to 1.");
    }
    if (amount > MAX_AMOUNT) {
      throw StripeApiException.invalidRequest("amount_too_large", param,
          "Amount must be no more than " + MAX_AMOUNT + " minor units");
    }
  }
}
