package org.crowdfund.payment;

import io.micronaut.runtime.Micronaut;

/** payment-service: payments through stripe-java; the only code that talks to Stripe. */
public final class PaymentApplication {
    private PaymentApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(PaymentApplication.class, args);
    }
}
