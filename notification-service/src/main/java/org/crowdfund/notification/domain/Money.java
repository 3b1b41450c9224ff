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
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(exponent);
        format.setMaximumFractionDigits(exponent);
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
