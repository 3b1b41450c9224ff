package org.crowdfund.platform.money;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one list of currencies the platform takes money in, shared by campaign-service (a campaign's
 * currency) and payment-service (what reaches Stripe): Stripe's presentment currencies, each with
 * its exponent (JPY has none, KWD has three) and its minimum charge. Read from
 * {@code currencies.csv} beside this class.
 */
public final class Currencies {

    /** One currency: upper-case ISO 4217 code, minor-unit exponent, smallest chargeable amount. */
    public record Currency(String code, int exponent, long minimumChargeMinor) {

        /** A three-decimal currency's last digit must be 0 at Stripe (networks settle hundredths). */
        public boolean chargeable(long amountMinor) {
            return amountMinor >= minimumChargeMinor && (exponent != 3 || amountMinor % 10 == 0);
        }

        /** "25.00 USD", "3000 JPY", "1.250 KWD". */
        public String format(long amountMinor) {
            return BigDecimal.valueOf(amountMinor, exponent).toPlainString() + " " + code;
        }
    }

    private static final Map<String, Currency> ALL = load();

    private Currencies() {
    }

    /** Every supported currency by upper-case code, in code order. */
    public static Map<String, Currency> all() {
        return ALL;
    }

    /** The currency for a code in any case, or empty when the platform does not take it. */
    public static Optional<Currency> of(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(ALL.get(code.toUpperCase(Locale.ROOT)));
    }

    public static boolean isSupported(String code) {
        return of(code).isPresent();
    }

    /** Why an amount cannot be charged in this currency (below its minimum, not rounded), or empty. */
    public static Optional<String> chargeProblem(Currency currency, long amountMinor) {
        if (amountMinor < currency.minimumChargeMinor()) {
            return Optional.of("must be at least " + currency.format(currency.minimumChargeMinor()) + " ("
                    + currency.minimumChargeMinor() + " minor units), the smallest amount the payment provider charges in "
                    + currency.code() + ", got " + amountMinor);
        }
        if (!currency.chargeable(amountMinor)) {
            return Optional.of("must end in 0 in " + currency.code() + ", a three-decimal currency the card networks "
                    + "settle in hundredths, got " + amountMinor);
        }
        return Optional.empty();
    }

    private static Map<String, Currency> load() {
        Map<String, Currency> all = new TreeMap<>();
        try (InputStream in = Currencies.class.getResourceAsStream("currencies.csv")) {
            if (in == null) {
                throw new IllegalStateException("currencies.csv is missing beside " + Currencies.class.getName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(",");
                all.put(fields[0], new Currency(fields[0], Integer.parseInt(fields[1]), Long.parseLong(fields[2])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(all);
    }
}
