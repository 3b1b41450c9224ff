package org.crowdfund.gateway.api;

import org.crowdfund.proto.campaign.v1.Tier;
import org.crowdfund.proto.reservation.v1.TierAvailability;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TierSlotsTest {
    private static final Tier LIMITED = Tier.newBuilder().setId("t-1").setQuantityLimit(10).build();
    private static final Tier UNLIMITED = Tier.newBuilder().setId("t-2").build();

    private static Optional<Map<String, TierAvailability>> counts(TierAvailability a) {
        return Optional.of(Map.of(a.getTierId(), a));
    }

    @Test
    void aLimitedTierShowsReservationServicesFreeSlotsAndWaitlist() {
        TierAvailability a = TierAvailability.newBuilder().setTierId("t-1").setTracked(true).setTotal(10).setAvailable(4)
                .setHeld(3).setSold(3).setWaitlistLength(0).build();

        assertThat(TierSlots.of(LIMITED, counts(a))).isEqualTo(new TierSlots(true, 4, false, 0));
    }

    @Test
    void noFreeSlotIsSoldOutWithItsLine() {
        TierAvailability a = TierAvailability.newBuilder().setTierId("t-1").setTracked(true).setTotal(10).setAvailable(0)
                .setHeld(4).setSold(6).setWaitlistLength(3).build();

        assertThat(TierSlots.of(LIMITED, counts(a))).isEqualTo(new TierSlots(true, 0, true, 3));
    }

    @Test
    void anUnlimitedTierNeedsNoCountsAndIsNeverSoldOut() {
        assertThat(TierSlots.of(UNLIMITED, Optional.empty())).isEqualTo(new TierSlots(true, null, false, null));
    }

    @Test
    void countsThatCouldNotBeReadOrDoNotExistYetAreUnknown() {
        TierSlots unknown = new TierSlots(false, null, null, null);
        assertThat(TierSlots.of(LIMITED, Optional.empty())).as("reservation-service did not answer").isEqualTo(unknown);
        assertThat(TierSlots.of(LIMITED, Optional.of(Map.of()))).as("not in the answer").isEqualTo(unknown);
        assertThat(TierSlots.of(LIMITED, counts(TierAvailability.newBuilder().setTierId("t-1").setTracked(false).build())))
                .as("inventory not created yet").isEqualTo(unknown);
        assertThat(TierSlots.of(LIMITED, counts(TierAvailability.newBuilder().setTierId("t-1").setTracked(true).setUnlimited(true).build())))
                .as("the limit has not reached reservation-service yet").isEqualTo(unknown);
    }
}
