package org.crowdfund.reservation;

import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.reservation.v1.AllocationStrategy;
import org.crowdfund.proto.reservation.v1.ExtendRequest;
import org.crowdfund.proto.reservation.v1.GetReservationRequest;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.proto.reservation.v1.ReservationStatus;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.proto.reservation.v1.ReserveResponse;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.Refusals.assertInvalid;
import static org.crowdfund.reservation.Refusals.assertRefused;

/** Reserve on a soft (default) tier: the hold, its expiry, and every way a request is refused. */
class ReserveTest {

    static ReserveResponse reserve(Principal backer, Tier tier) {
        return as(backer).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1).build());
    }

    @Test
    void aReserveHoldsASlotForElevenMinutesByDefaultAndTellsThePageWhenItEnds() {
        Tier tier = limitedTier(3);
        Principal backer = newBacker();

        ReserveResponse response = reserve(backer, tier);

        var r = response.getReservation();
        assertThat(response.getExisting()).isFalse();
        assertThat(r.getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_ACTIVE);
        assertThat(r.getStrategy()).isEqualTo(AllocationStrategy.ALLOCATION_STRATEGY_SOFT);
        assertThat(r.getBackerId()).isEqualTo(backer.subject());
        assertThat(r.getCampaignId()).isEqualTo(tier.campaign());
        assertThat(Duration.ofMillis(Timestamps.between(r.getCreatedAt(), r.getExpiresAt()).getSeconds() * 1000))
                .isEqualTo(Duration.ofMinutes(11));
        assertThat(Timestamps.toMillis(response.getServerTime())).isLessThan(Timestamps.toMillis(r.getExpiresAt()));
        assertThat(counters(tier)).isEqualTo(new Counters(3, 1, 0));
    }

    @Test
    void aSecondReserveOfTheSameBackerReturnsTheExistingReservation() {
        Tier tier = limitedTier(3);
        Principal backer = newBacker();
        ReserveResponse first = reserve(backer, tier);

        ReserveResponse second = as(backer).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(2).build());

        assertThat(second.getExisting()).isTrue();
        assertThat(second.getReservation().getId()).isEqualTo(first.getReservation().getId());
        assertThat(second.getReservation().getQuantity()).isEqualTo(1);
        assertThat(counters(tier)).isEqualTo(new Counters(3, 1, 0));
    }

    @Test
    void aShorterHoldWithinTheBoundsIsHonoured() {
        Tier tier = limitedTier(3);
        var r = as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(2)
                .setTtlSeconds(300).build()).getReservation();
        assertThat(Timestamps.between(r.getCreatedAt(), r.getExpiresAt()).getSeconds()).isEqualTo(300);
        assertThat(r.getQuantity()).isEqualTo(2);
        assertThat(counters(tier)).isEqualTo(new Counters(3, 2, 0));
    }

    @Test
    void aSoldOutTierIsRefusedWithResourceExhaustedTierSoldOut() {
        Tier tier = limitedTier(2);
        reserve(newBacker(), tier);
        reserve(newBacker(), tier);

        assertRefused(() -> reserve(newBacker(), tier), Status.Code.FAILED_PRECONDITION, "TIER_SOLD_OUT");
        assertRefused(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(limitedTier(1).id())
                .setQuantity(2).build()), Status.Code.FAILED_PRECONDITION, "TIER_SOLD_OUT");
        assertThat(counters(tier)).isEqualTo(new Counters(2, 2, 0));
    }

    @Test
    void quantitiesOfZeroNegativeOrHugeAreRefusedAndNothingChanges() {
        Tier tier = limitedTier(5);
        for (int quantity : new int[] {0, -1, 11, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertInvalid(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id())
                    .setQuantity(quantity).build()), "quantity");
        }
        assertThat(counters(tier)).isEqualTo(new Counters(5, 0, 0));
        assertThat(ReservationHarness.rowCounts(tier)).isEqualTo(new Counters(null, 0, 0));
    }

    @Test
    void aQuantityLargerThanTheFreeSlotsIsSoldOutAndNothingChanges() {
        Tier tier = limitedTier(5);
        reserve(newBacker(), tier);
        assertRefused(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(5).build()),
                Status.Code.FAILED_PRECONDITION, "TIER_SOLD_OUT");
        assertThat(counters(tier)).isEqualTo(new Counters(5, 1, 0));
    }

    @Test
    void anUnknownTierIsNotFoundAndAMalformedIdIsInvalid() {
        assertRefused(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(UUID.randomUUID().toString())
                .setQuantity(1).build()), Status.Code.NOT_FOUND, "TIER_NOT_FOUND");
        assertInvalid(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId("tier-1").setQuantity(1).build()),
                "tier_id");
        assertInvalid(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setQuantity(1).build()), "tier_id");
    }

    @Test
    void aTierOfAnotherCampaignIsNotFound() {
        Tier tier = limitedTier(5);
        assertRefused(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id())
                        .setCampaignId(UUID.randomUUID().toString()).setQuantity(1).build()),
                Status.Code.NOT_FOUND, "TIER_NOT_FOUND");
        assertThat(counters(tier)).isEqualTo(new Counters(5, 0, 0));
    }

    @Test
    void holdTimesOutsideTheBoundsAreRefusedAndNothingChanges() {
        Tier tier = limitedTier(5, 15);
        for (int ttl : new int[] {-60, 30, 59, 15 * 60 + 1, 3600}) {
            assertInvalid(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1)
                    .setTtlSeconds(ttl).build()), "ttl_seconds");
        }
        assertThat(counters(tier)).isEqualTo(new Counters(5, 0, 0));
        var r = as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1)
                .setTtlSeconds(15 * 60).build()).getReservation();
        assertThat(Timestamps.between(r.getCreatedAt(), r.getExpiresAt()).getSeconds()).isEqualTo(15 * 60);
    }

    @Test
    void reservingForAnotherBackerIsPermissionDeniedButTheServiceRoleMay() {
        Tier tier = limitedTier(5);
        Principal someoneElse = newBacker();
        assertRefused(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1)
                .setBackerId(someoneElse.subject()).build()), Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertThat(counters(tier)).isEqualTo(new Counters(5, 0, 0));

        var r = as(ReservationHarness.SERVICE).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1)
                .setBackerId(someoneElse.subject()).build()).getReservation();
        assertThat(r.getBackerId()).isEqualTo(someoneElse.subject());
    }

    @Test
    void anotherBackersReservationIsNotFoundAndStaysUntouched() {
        Tier tier = limitedTier(5);
        String id = reserve(newBacker(), tier).getReservation().getId();
        Principal intruder = newBacker();

        assertRefused(() -> as(intruder).getReservation(GetReservationRequest.newBuilder().setReservationId(id).build()),
                Status.Code.NOT_FOUND, "RESERVATION_NOT_FOUND");
        assertRefused(() -> as(intruder).release(ReleaseRequest.newBuilder().setReservationId(id).build()),
                Status.Code.NOT_FOUND, "RESERVATION_NOT_FOUND");
        assertRefused(() -> as(intruder).extend(ExtendRequest.newBuilder().setReservationId(id).build()),
                Status.Code.NOT_FOUND, "RESERVATION_NOT_FOUND");
        var r = as(ReservationHarness.ADMIN).getReservation(GetReservationRequest.newBuilder().setReservationId(id).build())
                .getReservation();
        assertThat(r.getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_ACTIVE);
        assertThat(r.getExtended()).isFalse();
        assertThat(counters(tier)).isEqualTo(new Counters(5, 1, 0));
    }

    @Test
    void aCallWithoutPrincipalIsUnauthenticated() {
        Tier tier = limitedTier(5);
        assertRefused(() -> ReservationHarness.anonymous().reserve(ReserveRequest.newBuilder().setTierId(tier.id())
                .setQuantity(1).build()), Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED");
        assertThat(counters(tier)).isEqualTo(new Counters(5, 0, 0));
    }

    @Test
    void aQueueOnATierWithoutPoolsIsInvalid() {
        Tier tier = limitedTier(5);
        assertInvalid(() -> as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1)
                .setQueueId("vip").build()), "queue_id");
        assertThat(counters(tier)).isEqualTo(new Counters(5, 0, 0));
    }
}
