package org.crowdfund.notification.domain;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Amounts as people read them: integer minor units shown with the currency's own exponent (two
 * decimals for USD, none for JPY) in the recipient's locale. No floating point on the way.
 */
public final class Money {
    /** Formats by (currency, locale), cloned per use (a NumberFormat is not thread-safe; making one reads locale data). */
    private static final java.util.Map<String, NumberFormat> FORMATS = new java.util.concurrent.ConcurrentHashMap<>();

    private Money() {
    }

    public static String format(long amountMinor, String currencyCode, Locale locale) {
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException | NullPointerException e) {
            return amountMinor + " " + currencyCode + " (minor units)";
        }
        int exponent = Math.max(0, currency.getDefaultFractionDigits());
        NumberFormat format = (NumberFormat) FORMATS.computeIfAbsent(currency.getCurrencyCode() + "|" + locale.toLanguageTag(), k -> {
            NumberFormat f = NumberFormat.getCurrencyInstance(locale);
            f.setCurrency(currency);
            f.setMinimumFractionDigits(exponent);
            f.setMaximumFractionDigits(exponent);
            return f;
        }).clone();
        return format.format(BigDecimal.valueOf(amountMinor, exponent));
    }

    /** The recipient's locale from a BCP 47 tag; the platform default (en-US) when empty or unknown. */
    public static Locale locale(String tag) {
        if (tag == null || tag.isBlank()) {
            return Locale.US;
        }
        Locale locale = Locale.forLanguageTag(tag);
        return locale.getLanguage().isEmpty() ? Locale.US : locale;
    }
}
