package org.crowdfund.pledge;

import io.micronaut.runtime.Micronaut;

/** pledge-service: Pledges, the pledge saga and settlement (arrives with its own issue; serves health only for now). */
public final class PledgeApplication {
    private PledgeApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(PledgeApplication.class, args);
    }
}
