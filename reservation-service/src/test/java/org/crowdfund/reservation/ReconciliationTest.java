package org.crowdfund.reservation;

import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import org.crowdfund.proto.reservation.v1.AllocationStrategy;
import org.crowdfund.proto.reservation.v1.ReconcileRequest;
import org.crowdfund.proto.reservation.v1.ReconcileResponse;
import org.crowdfund.proto.reservation.v1.TierDrift;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.reservation.ReservationHarness.ADMIN;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.inventory;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.Refusals.assertRefused;

/** Reconciliation recomputes the counters from the rows, repairs them and reports the drift. */
class ReconciliationTest {

    static ReconcileResponse reconcile(Tier tier) {
        return as(ADMIN).reconcile(ReconcileRequest.newBuilder().addTierIds(tier.id()).build());
    }

    @Test
    void countersThatDisagreeWithTheRowsAreRepairedAndTheDriftReported() {
        Tier tier = limitedTier(10);
        for (int i = 0; i < 3; i++) {
            InventoryFromTierEventsTest.hold(newBacker(), tier);
        }
        ConvertReleaseExtendTest.convert(InventoryFromTierEventsTest.hold(newBacker(), tier), UUID.randomUUID().toString());
        ReservationHarness.write(sql -> sql.update("UPDATE inventory SET reserved = reserved + 2, sold = sold - 1 "
                + "WHERE tier_id = ?", tier.tierId()));

        ReconcileResponse report = reconcile(tier);

        assertThat(report.getTiersChecked()).isEqualTo(1);
        assertThat(report.getDriftedList()).containsExactly(TierDrift.newBuilder().setTierId(tier.id())
                .setHeldRecorded(5).setHeldActual(3).setSoldRecorded(0).setSoldActual(1).build());
        assertThat(counters(tier)).isEqualTo(new Counters(10, 3, 1));
        MeterRegistry meters = ReservationHarness.primary().getBean(MeterRegistry.class);
        assertThat(meters.get("reservations.reconciliation.drift").gauge().value()).isEqualTo(3.0);
        assertThat(reconcile(tier).getDriftedList()).isEmpty();
        assertThat(meters.get("reservations.reconciliation.drift").gauge().value()).isZero();
    }

    @Test
    void driftInAQueuePoolIsRepairedToo() {
        Tier tier = limitedTier(6);
        StrategiesTest.configure(tier, AllocationStrategy.ALLOCATION_STRATEGY_QUEUE_POOLS, StrategiesTest.pool("q1", 3));
        StrategiesTest.reserve(newBacker(), tier, "q1");
        ReservationHarness.write(sql -> sql.update("UPDATE inventory_pool SET reserved = 3 WHERE tier_id = ?", tier.tierId()));

        reconcile(tier);

        assertThat(inventory(tier).getPools(0).getHeld()).isEqualTo(1);
        assertThat(StrategiesTest.reserve(newBacker(), tier, "q1").getQueueId()).isEqualTo("q1");
    }

    @Test
    void aRoundOverEveryTierChecksThemAllAndOnlyAdminsOrServicesMayAskForIt() {
        limitedTier(1);
        assertThat(as(ADMIN).reconcile(ReconcileRequest.getDefaultInstance()).getTiersChecked()).isPositive();
        assertRefused(() -> as(newBacker()).reconcile(ReconcileRequest.getDefaultInstance()),
                Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
    }
}
