package org.crowdfund.stripe.emulator;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The presentment currencies Stripe charges cards in (docs.stripe.com/currencies), each with the
 * exponent of its minor unit as Stripe's API counts it and its documented minimum charge. This is
 * the emulator's own copy, as Stripe is not our code; payment-service's tests check that the
 * platform's list agrees with it.
 *
 * <ul>
 *   <li>Zero-decimal currencies (JPY, KRW, ...) take amounts in whole units.</li>
 *   <li>Three-decimal currencies (BHD, JOD, KWD, OMR, TND) take thousandths, and the last digit
 *   must be 0 (card networks settle them in hundredths).</li>
 *   <li>Minimums Stripe lists per currency are kept; for the others Stripe converts USD 0.50 at
 *   the day's rate, which the emulator does not model (minimum 1 minor unit).</li>
 * </ul>
 */
public final class StripeCurrencies {

  /** One currency: ISO code (lower case, as Stripe's API spells it), exponent, minimum charge. */
  public record Currency(String code, int exponent, long minimumChargeMinor) {}

  /** Stripe's zero-decimal currencies. */
  private static final String ZERO_DECIMAL = "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf";
  /** Stripe's three-decimal currencies. */
  private static final String THREE_DECIMAL = "bhd jod kwd omr tnd";
  /** Every other presentment currency (two decimals). */
  private static final String TWO_DECIMAL = "usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bmd bnd bob "
      + "brl bsd bwp byn bzd cad cdf chf cny cop crc cve czk dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gtq gyd "
      + "hkd hnl htg huf idr ils inr isk jmd kes kgs khr kyd kzt lak lbp lkr lrd lsl mad mdl mkd mmk mnt mop mur mvr "
      + "mwk mxn myr mzn nad ngn nio nok npr nzd pab pen pgk php pkr pln qar ron rsd rub sar sbd scr sek sgd shp sle "
      + "sos srd std szl thb tjs top try ttd twd tzs uah uyu uzs wst xcd yer zar zmw";
  /** Stripe's documented minimum charge amounts, in minor units. */
  private static final Map<String, Long> MINIMUMS = Map.ofEntries(
      Map.entry("usd", 50L), Map.entry("aed", 200L), Map.entry("aud", 50L), Map.entry("bgn", 100L),
      Map.entry("brl", 50L), Map.entry("cad", 50L), Map.entry("chf", 50L), Map.entry("czk", 1500L),
      Map.entry("dkk", 250L), Map.entry("eur", 50L), Map.entry("gbp", 30L), Map.entry("hkd", 400L),
      Map.entry("huf", 17500L), Map.entry("inr", 50L), Map.entry("jpy", 50L), Map.entry("mxn", 1000L),
      Map.entry("myr", 200L), Map.entry("nok", 300L), Map.entry("nzd", 50L), Map.entry("pln", 200L),
      Map.entry("ron", 200L), Map.entry("sek", 300L), Map.entry("sgd", 50L), Map.entry("thb", 1000L));

  private static final Map<String, Currency> ALL;

  static {
    Map<String, Currency> all = new TreeMap<>();
    add(all, ZERO_DECIMAL, 0);
    add(all, TWO_DECIMAL, 2);
    add(all, THREE_DECIMAL, 3);
    ALL = Collections.unmodifiableMap(all);
  }

  private StripeCurrencies() {}

  private static void add(Map<String, Currency> all, String codes, int exponent) {
    for (String code : codes.split(" ")) {
      all.put(code, new Currency(code, exponent, MINIMUMS.getOrDefault(code, 1L)));
    }
  }

  /** Every currency Stripe charges in, by lower-case code. */
  public static Map<String, Currency> all() {
    return ALL;
  }

  public static Optional<Currency> of(String code) {
    return Optional.ofNullable(ALL.get(code.toLowerCase(Locale.ROOT)));
  }
}
