package org.crowdfund.stripe.emulator.domain;

import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Stripe's amount and currency rules: amounts are positive integers in the currency's minor unit,
 * at least the currency's minimum charge and at most eight digits; currencies are ISO 4217 codes,
 * lowercase on the wire.
 */
public final class Money {

  /** Stripe's largest amount: 99,999,999 minor units (eight digits). */
  public static final long MAX_AMOUNT = 99_999_999L;

  /** Minimum charge amounts from Stripe's documentation, in minor units; other currencies: 1. */
  private static final Map<String, Long> MINIMUM_CHARGE = Map.ofEntries(
      Map.entry("usd", 50L), Map.entry("aud", 50L), Map.entry("brl", 50L), Map.entry("cad", 50L),
      Map.entry("chf", 50L), Map.entry("czk", 1500L), Map.entry("dkk", 250L), Map.entry("eur", 50L),
      Map.entry("gbp", 30L), Map.entry("hkd", 400L), Map.entry("huf", 17500L), Map.entry("inr", 50L),
      Map.entry("jpy", 50L), Map.entry("mxn", 1000L), Map.entry("myr", 200L), Map.entry("nok", 300L),
      Map.entry("nzd", 50L), Map.entry("pln", 200L), Map.entry("ron", 200L), Map.entry("sek", 300L),
      Map.entry("sgd", 50L), Map.entry("thb", 1000L), Map.entry("aed", 200L), Map.entry("bgn", 100L));

  /** ISO 4217 codes that are not money (precious metals, testing, funds codes). */
  private static final Set<String> NOT_CHARGEABLE = Set.of(
      "xag", "xau", "xba", "xbb", "xbc", "xbd", "xdr", "xpd", "xpt", "xsu", "xts", "xua", "xxx",
      "bov", "clf", "cou", "mxv", "usn", "uss", "uyi", "uyw", "che", "chw", "ves", "sle", "zwl");

  private static final Set<String> KNOWN = Currency.getAvailableCurrencies().stream()
      .map(c -> c.getCurrencyCode().toLowerCase(Locale.ROOT))
      .filter(code -> !NOT_CHARGEABLE.contains(code))
      .collect(Collectors.toCollection(TreeSet::new));

  private Money() {}

  public static String currency(Params params) {
    String currency = params.requiredString("currency").toLowerCase(Locale.ROOT);
    if (!KNOWN.contains(currency)) {
      throw StripeApiException.invalidRequest("parameter_invalid_string", "currency",
          "Invalid currency: " + currency + ". Stripe currently supports these currencies: "
              + String.join(", ", KNOWN));
    }
    return currency;
  }

  /** The amount of a new payment: required, positive, at least the minimum charge, at most eight digits. */
  public static long paymentAmount(Params params, String currency) {
    long amount = params.integer("amount").orElseThrow(() -> StripeApiException.missingParam("amount"));
    positive(amount, "amount");
    long minimum = MINIMUM_CHARGE.getOrDefault(currency, 1L);
    if (amount < minimum) {
      throw StripeApiException.invalidRequest("amount_too_small", "amount",
          "Amount must be at least " + minimum + " " + currency + " minor units");
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
