package org.crowdfund.pledge;

import io.micronaut.runtime.Micronaut;

/** pledge-service: pledges, the pledge saga, payment timing, failed payments and settlement. */
public final class PledgeApplication {
    private PledgeApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(PledgeApplication.class, args);
    }
}
