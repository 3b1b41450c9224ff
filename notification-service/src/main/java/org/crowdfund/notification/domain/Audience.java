package org.crowdfund.notification.domain;

import java.util.List;
import java.util.Locale;

/** Whom a campaign-wide message reaches, as pledge states of the backer projection. */
public enum Audience {
    /** Everyone who backs the campaign now: milestones, creator updates, cancellation. */
    CURRENT_BACKERS(List.of(PledgeState.PENDING, PledgeState.PAYMENT_FAILED, PledgeState.CAPTURED)),
    /**
     * Everyone whose pledge was still standing when the campaign ended: settlement voids a failed
     * campaign's holds, so its backers are the voided ones too.
     */
    SETTLED_BACKERS(List.of(PledgeState.PENDING, PledgeState.PAYMENT_FAILED, PledgeState.CAPTURED, PledgeState.VOIDED));

    private final List<PledgeState> states;

    Audience(List<PledgeState> states) {
        this.states = states;
    }

    public String[] stateNames() {
        return states.stream().map(PledgeState::wireName).toArray(String[]::new);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Audience fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
