package org.crowdfund.campaign.app;

import org.crowdfund.platform.money.Currencies;

import java.math.BigDecimal;

/** Formats minor units for messages people read ("25.00 USD", "3000 JPY"). */
final class Money {
    private Money() {
    }

    static String format(long minor, String currency) {
        int exponent = Currencies.of(currency).map(Currencies.Currency::exponent).orElse(2);
        return BigDecimal.valueOf(minor, exponent).toPlainString() + " " + currency;
    }
}
