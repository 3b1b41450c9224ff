package org.crowdfund.reservation;

import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.reservation.v1.AllocationStrategy;
import org.crowdfund.proto.reservation.v1.ConfigureInventoryRequest;
import org.crowdfund.proto.reservation.v1.ExtendRequest;
import org.crowdfund.proto.reservation.v1.GetReservationRequest;
import org.crowdfund.proto.reservation.v1.Inventory;
import org.crowdfund.proto.reservation.v1.PoolSpec;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.ReservationStatus;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.reservation.ReservationHarness.ADMIN;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.inventory;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.Refusals.assertInvalid;
import static org.crowdfund.reservation.Refusals.assertRefused;

/** What each allocation strategy promises: soft holds lapse, hard allocations do not, pools split a tier by queue. */
class StrategiesTest {

    static Reservation reserve(Principal backer, Tier tier, String queue) {
        ReserveRequest.Builder request = ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1);
        if (queue != null) {
            request.setQueueId(queue);
        }
        return as(backer).reserve(request.build()).getReservation();
    }

    static ReservationStatus status(Reservation r) {
        return as(ADMIN).getReservation(GetReservationRequest.newBuilder().setReservationId(r.getId()).build())
                .getReservation().getStatus();
    }

    static Inventory configure(Tier tier, AllocationStrategy strategy, PoolSpec... pools) {
        return as(ADMIN).configureInventory(ConfigureInventoryRequest.newBuilder().setTierId(tier.id())
                .setStrategy(strategy).addAllPools(java.util.List.of(pools)).build()).getInventory();
    }

    static PoolSpec pool(String queue, int size) {
        return PoolSpec.newBuilder().setQueueId(queue).setSize(size).build();
    }

    @Test
    void aSoftHoldLapsesAtItsExpiryAndItsSlotGoesBackWithinSeconds() {
        Tier tier = limitedTier(1);
        Reservation r = as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1)
                .setTtlSeconds(60).build()).getReservation();
        assertRefused(() -> reserve(newBacker(), tier, null), Status.Code.FAILED_PRECONDITION, "TIER_SOLD_OUT");

        ReservationHarness.advance(Duration.ofSeconds(61));

        await().atMost(Duration.ofSeconds(5)).until(() -> counters(tier).reserved() == 0);
        assertThat(status(r)).isEqualTo(ReservationStatus.RESERVATION_STATUS_EXPIRED);
        assertThat(reserve(newBacker(), tier, null).getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_ACTIVE);
    }

    @Test
    void aHardAllocationHasNoExpiryAndConvertsLongAfterASoftHoldWouldHaveLapsed() {
        Tier hard = limitedTier(1);
        Inventory configured = configure(hard, AllocationStrategy.ALLOCATION_STRATEGY_HARD);
        assertThat(configured.getStrategy()).isEqualTo(AllocationStrategy.ALLOCATION_STRATEGY_HARD);
        Tier soft = limitedTier(1);
        Principal backer = newBacker();
        Reservation allocation = reserve(backer, hard, null);
        Reservation softHold = reserve(newBacker(), soft, null);

        assertThat(allocation.getStrategy()).isEqualTo(AllocationStrategy.ALLOCATION_STRATEGY_HARD);
        assertThat(allocation.hasExpiresAt()).isFalse();
        assertRefused(() -> as(backer).extend(ExtendRequest.newBuilder().setReservationId(allocation.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "RESERVATION_NOT_EXTENDABLE");

        ReservationHarness.advance(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> status(softHold) == ReservationStatus.RESERVATION_STATUS_EXPIRED);

        assertThat(status(allocation)).isEqualTo(ReservationStatus.RESERVATION_STATUS_ACTIVE);
        assertRefused(() -> reserve(newBacker(), hard, null), Status.Code.FAILED_PRECONDITION, "TIER_SOLD_OUT");
        var converted = ConvertReleaseExtendTest.convert(allocation, UUID.randomUUID().toString());
        assertThat(converted.getReservation().getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_CONVERTED);
        assertThat(counters(hard)).isEqualTo(new Counters(1, 0, 1));
    }

    @Test
    void aHardAllocationIsFreedOnlyByAnExplicitRelease() {
        Tier hard = limitedTier(1);
        configure(hard, AllocationStrategy.ALLOCATION_STRATEGY_HARD);
        Principal backer = newBacker();
        Reservation allocation = reserve(backer, hard, null);

        as(backer).release(ReleaseRequest.newBuilder().setReservationId(allocation.getId()).build());

        assertThat(counters(hard)).isEqualTo(new Counters(1, 0, 0));
        assertThat(reserve(newBacker(), hard, null).getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_ACTIVE);
    }

    @Test
    void queuePoolsServeEachAdmissionQueueFromItsOwnPool() {
        Tier tier = limitedTier(5);
        configure(tier, AllocationStrategy.ALLOCATION_STRATEGY_QUEUE_POOLS, pool("early", 2), pool("general", 2));
        Reservation firstEarly = reserve(newBacker(), tier, "early");
        reserve(newBacker(), tier, "early");

        assertRefused(() -> reserve(newBacker(), tier, "early"), Status.Code.FAILED_PRECONDITION, "POOL_SOLD_OUT");
        assertThat(inventory(tier).getAvailable()).as("the tier itself still has slots").isEqualTo(3);
        assertThat(reserve(newBacker(), tier, "general").getQueueId()).isEqualTo("general");
        assertInvalid(() -> reserve(newBacker(), tier, null), "queue_id");
        assertRefused(() -> reserve(newBacker(), tier, "vip"), Status.Code.FAILED_PRECONDITION, "POOL_NOT_FOUND");

        as(ADMIN).release(ReleaseRequest.newBuilder().setReservationId(firstEarly.getId()).build());
        assertThat(reserve(newBacker(), tier, "early").getQueueId()).isEqualTo("early");

        Inventory inv = inventory(tier);
        assertThat(inv.getHeld()).isEqualTo(3);
        assertThat(inv.getPoolsList()).extracting(p -> p.getQueueId() + "=" + p.getHeld() + "/" + p.getSize())
                .containsExactly("early=2/2", "general=1/2");
    }

    @Test
    void aStrategyCannotChangeWhileHoldsAreActiveAndPoolsMustFitTheTier() {
        Tier tier = limitedTier(4);
        Principal backer = newBacker();
        Reservation r = reserve(backer, tier, null);

        assertRefused(() -> configure(tier, AllocationStrategy.ALLOCATION_STRATEGY_HARD),
                Status.Code.FAILED_PRECONDITION, "INVENTORY_IN_USE");
        as(backer).release(ReleaseRequest.newBuilder().setReservationId(r.getId()).build());
        assertInvalid(() -> configure(tier, AllocationStrategy.ALLOCATION_STRATEGY_QUEUE_POOLS, pool("a", 3), pool("b", 2)),
                "pools");
        assertInvalid(() -> configure(tier, AllocationStrategy.ALLOCATION_STRATEGY_QUEUE_POOLS, pool("a", 1), pool("a", 1)),
                "pools[1].queue_id");
        assertInvalid(() -> configure(tier, AllocationStrategy.ALLOCATION_STRATEGY_QUEUE_POOLS), "pools");
        assertInvalid(() -> configure(tier, AllocationStrategy.ALLOCATION_STRATEGY_UNSPECIFIED), "strategy");
        assertInvalid(() -> configure(tier, AllocationStrategy.ALLOCATION_STRATEGY_SOFT, pool("a", 1)), "pools");
        assertRefused(() -> as(backer).configureInventory(ConfigureInventoryRequest.newBuilder().setTierId(tier.id())
                        .setStrategy(AllocationStrategy.ALLOCATION_STRATEGY_HARD).build()),
                Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertThat(inventory(tier).getStrategy()).isEqualTo(AllocationStrategy.ALLOCATION_STRATEGY_SOFT);
    }
}
