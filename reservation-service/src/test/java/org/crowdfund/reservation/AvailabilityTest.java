package org.crowdfund.reservation;

import org.crowdfund.proto.reservation.v1.GetAvailabilityRequest;
import org.crowdfund.proto.reservation.v1.GetAvailabilityResponse;
import org.crowdfund.proto.reservation.v1.JoinWaitlistRequest;
import org.crowdfund.proto.reservation.v1.TierAvailability;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.reservation.ReservationHarness.anonymous;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.Refusals.assertInvalid;

/** Slots left on many tiers in one call, for campaign pages, open to anonymous visitors. */
class AvailabilityTest {

    @Test
    void onePageAsksForManyTiersAndGetsSlotsLeftHeldSoldAndWaitlistForEach() {
        Tier busy = limitedTier(2);
        Tier quiet = limitedTier(7);
        InventoryFromTierEventsTest.hold(newBacker(), busy);
        ConvertReleaseExtendTest.convert(InventoryFromTierEventsTest.hold(newBacker(), busy), UUID.randomUUID().toString());
        as(newBacker()).joinWaitlist(JoinWaitlistRequest.newBuilder().setTierId(busy.id()).setQuantity(1).build());
        String unknown = UUID.randomUUID().toString();

        GetAvailabilityResponse response = anonymous().getAvailability(GetAvailabilityRequest.newBuilder()
                .addTierIds(busy.id()).addTierIds(quiet.id()).addTierIds(unknown).build());

        assertThat(response.getTiersList()).extracting(TierAvailability::getTierId)
                .containsExactly(busy.id(), quiet.id(), unknown);
        TierAvailability b = response.getTiers(0);
        assertThat(List.of(b.getTotal(), b.getAvailable(), b.getHeld(), b.getSold(), b.getWaitlistLength()))
                .containsExactly(2, 0, 1, 1, 1);
        assertThat(response.getTiers(1).getAvailable()).isEqualTo(7);
        assertThat(response.getTiers(2).getTracked()).isFalse();
        assertThat(response.hasAsOf()).isTrue();
    }

    @Test
    void aCampaignsTiersComeInOneCallAndTooManyTiersAreRefused() {
        Tier tier = limitedTier(3);
        assertThat(anonymous().getAvailability(GetAvailabilityRequest.newBuilder().setCampaignId(tier.campaign()).build())
                .getTiersList()).extracting(TierAvailability::getTierId).containsExactly(tier.id());

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(UUID.randomUUID().toString());
        }
        assertInvalid(() -> anonymous().getAvailability(GetAvailabilityRequest.newBuilder().addAllTierIds(many).build()),
                "tier_ids");
        assertInvalid(() -> anonymous().getAvailability(GetAvailabilityRequest.getDefaultInstance()), "tier_ids");
    }
}
