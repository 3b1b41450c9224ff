package org.crowdfund.payment.domain;

import java.util.Locale;

/** The mutating operations; each is recorded before the provider is called. */
public enum Operation {
    SAVE_PAYMENT_METHOD, AUTHORIZE, CHARGE, CAPTURE, VOID, REFUND, REAUTHORIZE;

    /** Whether the operation creates a provider object (a decline then fails the new payment). */
    public boolean createsPayment() {
        return this == SAVE_PAYMENT_METHOD || this == AUTHORIZE || this == CHARGE || this == REAUTHORIZE;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Operation fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
