package org.crowdfund.payment.domain;

import java.util.Locale;

/**
 * How the backer finishes an authentication the provider asks for: in a page the provider
 * redirects to (we sent a return URL), or through Stripe.js on our page (no return URL).
 */
public enum NextActionType {
    NONE, REDIRECT_TO_URL, USE_STRIPE_SDK;

    public String dbValue() {
        return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }

    public static NextActionType fromDb(String value) {
        return value == null || value.isEmpty() ? NONE : valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Stripe's next_action.type; anything else an integration cannot handle here is NONE. */
    public static NextActionType ofStripe(String type) {
        if ("redirect_to_url".equals(type)) {
            return REDIRECT_TO_URL;
        }
        return "use_stripe_sdk".equals(type) ? USE_STRIPE_SDK : NONE;
    }
}
