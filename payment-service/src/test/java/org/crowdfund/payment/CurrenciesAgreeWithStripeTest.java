package org.crowdfund.payment;

import org.crowdfund.platform.money.Currencies;
import org.crowdfund.stripe.emulator.StripeCurrencies;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's one currency list (campaign-service and payment-service) agrees with the
 * emulator's copy of Stripe's: same currencies, exponents and minimum charges.
 */
class CurrenciesAgreeWithStripeTest {

    @Test
    void thePlatformsCurrenciesAreStripesWithTheSameExponentsAndMinimums() {
        Map<String, String> platform = new TreeMap<>();
        Currencies.all().values().forEach(c -> platform.put(c.code(), c.exponent() + "/" + c.minimumChargeMinor()));
        Map<String, String> stripe = new TreeMap<>();
        StripeCurrencies.all().values().forEach(c -> stripe.put(c.code().toUpperCase(Locale.ROOT),
                c.exponent() + "/" + c.minimumChargeMinor()));
        assertThat(platform).isEqualTo(stripe);
        assertThat(Currencies.of("JPY").orElseThrow().exponent()).isZero();
        assertThat(Currencies.of("KWD").orElseThrow().exponent()).isEqualTo(3);
        assertThat(Currencies.of("USD").orElseThrow().minimumChargeMinor()).isEqualTo(50);
    }
}
