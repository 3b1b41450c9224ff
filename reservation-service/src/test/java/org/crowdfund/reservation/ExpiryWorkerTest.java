package org.crowdfund.reservation;

import io.grpc.ManagedChannel;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.reservation.ReservationHarness.asOn;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.ReservationHarness.outboxCount;

/** The expiry worker on two replicas: prompt, and each lapsed hold expired and announced once. */
class ExpiryWorkerTest {

    @Test
    void lapsedHoldsAreSweptWithinSecondsByTwoReplicasAndEachIsAnnouncedOnce() {
        Tier tier = limitedTier(40);
        List<ManagedChannel> replicas = List.of(ReservationHarness.channel(), ReservationHarness.secondaryChannel());
        List<Reservation> holds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            holds.add(asOn(replicas.get(i % 2), newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id())
                    .setQuantity(1).setTtlSeconds(60).build()).getReservation());
        }

        ReservationHarness.advance(Duration.ofSeconds(61));

        await().atMost(Duration.ofSeconds(5)).until(() -> counters(tier).reserved() == 0);
        assertThat(counters(tier)).isEqualTo(new Counters(40, 0, 0));
        for (Reservation r : holds) {
            assertThat(outboxCount(EventSubjects.RESERVATION_EXPIRED, r.getId())).isEqualTo(1);
        }
    }

    @Test
    void aHoldAboutToLapseIsAnnouncedOnceBeforeItExpires() {
        Tier tier = limitedTier(2);
        Reservation first = hold(tier, 0);
        assertThat(outboxCount(EventSubjects.RESERVATION_EXPIRING, first.getId())).isZero();

        ReservationHarness.advance(Duration.ofMinutes(9).plusSeconds(30));
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxCount(EventSubjects.RESERVATION_EXPIRING, first.getId()) == 1);
        assertThat(counters(tier).reserved()).as("still held until it lapses").isEqualTo(1);

        // A later hold's notice proves the worker has run again since; the first was not repeated.
        Reservation second = hold(tier, 300);
        ReservationHarness.advance(Duration.ofMinutes(3).plusSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxCount(EventSubjects.RESERVATION_EXPIRING, second.getId()) == 1);
        assertThat(outboxCount(EventSubjects.RESERVATION_EXPIRING, first.getId())).isEqualTo(1);
    }

    @Test
    void aHoldTooShortForTheNoticeIsNotAnnounced() {
        Tier tier = limitedTier(2);
        Reservation brief = hold(tier, 180);
        Reservation longer = hold(tier, 0);

        ReservationHarness.advance(Duration.ofMinutes(9).plusSeconds(30));

        await().atMost(Duration.ofSeconds(5)).until(() -> outboxCount(EventSubjects.RESERVATION_EXPIRING, longer.getId()) == 1);
        assertThat(outboxCount(EventSubjects.RESERVATION_EXPIRING, brief.getId())).isZero();
        assertThat(outboxCount(EventSubjects.RESERVATION_EXPIRED, brief.getId())).isEqualTo(1);
    }

    private static Reservation hold(Tier tier, int ttlSeconds) {
        return asOn(ReservationHarness.channel(), newBacker()).reserve(ReserveRequest.newBuilder()
                .setTierId(tier.id()).setQuantity(1).setTtlSeconds(ttlSeconds).build()).getReservation();
    }
}
