package org.crowdfund.pledge.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When an all-or-nothing pledge's hold is placed and re-placed (DESIGN.md, payment timing). A
 * hold lasts as long as the provider says (capture_before), not a fixed 7 days: every decision
 * about an existing hold reads its capture_before.
 *
 * @param holdLeadTime            the hold job places a hold off-session once the deadline is this close (4 days)
 * @param settlementWindow        how long after the deadline settlement may take to capture
 * @param expectedOnSessionHold   how long an on-session hold placed at pledge time is expected to last
 *                                (Stripe: 7 days); used only to decide whether to place one at pledge time,
 *                                after which the provider's capture_before rules
 * @param renewBefore             a hold that would lapse before the deadline plus the settlement window is
 *                                re-placed once its capture_before is this close
 */
public record PaymentTiming(Duration holdLeadTime, Duration settlementWindow, Duration expectedOnSessionHold,
                            Duration renewBefore) {

    /** Hold at pledge time, on session, when such a hold outlives the deadline plus the settlement window. */
    public boolean holdAtPledge(Instant now, Instant campaignEndAt) {
        return !now.plus(expectedOnSessionHold).isBefore(campaignEndAt.plus(settlementWindow));
    }

    /** A pledge without a hold gets one (off session) from this time on. */
    public Instant holdDueAt(Instant campaignEndAt) {
        return campaignEndAt.minus(holdLeadTime);
    }

    public boolean holdDue(Instant now, Instant campaignEndAt) {
        return !now.isBefore(holdDueAt(campaignEndAt)) && now.isBefore(campaignEndAt);
    }

    /**
     * A hold is re-placed when it would lapse before the deadline plus the settlement window and
     * its lapse is near (or past); a hold that outlives settlement is left alone.
     */
    public boolean renewDue(Instant now, Instant campaignEndAt, Instant captureBefore) {
        if (!captureBefore.isBefore(campaignEndAt.plus(settlementWindow)) || !now.isBefore(campaignEndAt)) {
            return false;
        }
        return !now.isBefore(captureBefore.minus(renewBefore));
    }

    /** Settlement captures a hold only while it is live; otherwise it charges the saved card off session. */
    public static boolean live(Instant now, Instant captureBefore) {
        return captureBefore != null && now.isBefore(captureBefore);
    }
}
