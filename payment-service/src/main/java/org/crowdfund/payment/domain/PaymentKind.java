package org.crowdfund.payment.domain;

import java.util.Locale;

/** What provider object a payment row stands for. */
public enum PaymentKind {
    /** A card saved for off-session use (SetupIntent); moves no money. */
    CARD_SETUP,
    /** An authorization hold (PaymentIntent, capture_method=manual). */
    HOLD,
    /** An immediate charge (PaymentIntent, automatic capture). */
    CHARGE;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentKind fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
