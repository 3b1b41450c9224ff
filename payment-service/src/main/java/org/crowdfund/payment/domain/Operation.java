package org.crowdfund.payment.domain;

import java.util.Locale;

/** The mutating operations; each is recorded before the provider is called. */
public enum Operation {
    SAVE_PAYMENT_METHOD, AUTHORIZE, CHARGE, CAPTURE, VOID, REFUND, REAUTHORIZE;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Operation fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
