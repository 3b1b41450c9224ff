package org.crowdfund.pledge.domain;

/**
 * The largest pledge: the provider's largest single charge. The smallest is the currency's
 * minimum charge, from the platform's one currency list ({@code org.crowdfund.platform.money.Currencies}).
 */
public final class PledgeLimits {
    /** 999,999.99 in a two-decimal currency: Stripe's largest single charge. */
    public static final long MAX_PLEDGE_MINOR = 99_999_999L;

    private PledgeLimits() {
    }
}
