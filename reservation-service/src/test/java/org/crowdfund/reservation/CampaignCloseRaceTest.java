package org.crowdfund.reservation;

import io.grpc.StatusRuntimeException;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.proto.events.v1.CampaignCancelled;
import org.crowdfund.proto.events.v1.CampaignEnded;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.inventory;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.ReservationHarness.rowCounts;

/**
 * Reserve and Convert racing the campaign's close (CampaignEnded / CampaignCancelled consumed
 * from NATS): the closure guard sits in the conditional statements themselves, so once the
 * close is applied no hold is left on the tier and none is taken afterwards, however the
 * requests interleave with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignCloseRaceTest {
    private static final int ROUNDS = 20;
    private static final int CALLERS = 6;
    private static final int MAX_ATTEMPTS_PER_CALLER = 200;

    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);

    @AfterAll
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void reservesAndConversionsRacingTheCloseLeaveNoHoldOnAClosedTier() throws Exception {
        int reservedBeforeClose = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Tier tier = ReservationHarness.limitedTier(MAX_ATTEMPTS_PER_CALLER * CALLERS);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger converted = new AtomicInteger();
            AtomicInteger reserved = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                boolean converts = c % 2 == 0;
                running.add(callers.submit(() -> reserveUntilClosed(tier, start, converts, reserved, converted)));
            }
            start.countDown();
            close(tier, round % 2 == 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> inventory(tier).getClosed());
            for (Future<?> caller : running) {
                caller.get();
            }

            assertThat(rowCounts(tier).reserved()).as("active holds on the closed tier, round %d", round).isZero();
            assertThat(counters(tier).reserved()).as("held slots counted on the closed tier, round %d", round).isZero();
            assertThat(counters(tier).sold()).as("conversions are counted once each, round %d", round)
                    .isEqualTo(converted.get());
            reservedBeforeClose += reserved.get();
        }
        assertThat(reservedBeforeClose).as("some Reserves got in before the close, so the race was run").isPositive();
    }

    private static void reserveUntilClosed(Tier tier, CountDownLatch start, boolean converts, AtomicInteger reserved,
                                           AtomicInteger converted) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS_PER_CALLER; attempt++) {
            Reservation held;
            try {
                held = as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1).build())
                        .getReservation();
                reserved.incrementAndGet();
            } catch (StatusRuntimeException e) {
                assertThat(reason(e)).isEqualTo("CAMPAIGN_CLOSED");
                return;
            }
            if (converts) {
                try {
                    ConvertReleaseExtendTest.convert(held, UUID.randomUUID().toString());
                    converted.incrementAndGet();
                } catch (StatusRuntimeException e) {
                    // the close came first: it released the hold (or refuses the conversion itself)
                    assertThat(reason(e)).isIn("CAMPAIGN_CLOSED", "RESERVATION_RELEASED", "RESERVATION_CHANGED");
                }
            }
        }
    }

    private static void close(Tier tier, boolean cancel) {
        EventEnvelope envelope = cancel
                ? ReservationHarness.envelope(tier.campaign(), CampaignCancelled.newBuilder().setCampaignId(tier.campaign())
                .setReason("race test").build())
                : ReservationHarness.envelope(tier.campaign(), CampaignEnded.newBuilder().setCampaignId(tier.campaign()).build());
        ReservationHarness.publish(cancel ? EventSubjects.CAMPAIGN_CANCELLED : EventSubjects.CAMPAIGN_ENDED, envelope,
                envelope.getEventId());
    }

    private static String reason(StatusRuntimeException e) {
        return org.crowdfund.platform.grpc.Downstream.reason(e).orElse(e.getStatus().getCode().name());
    }
}
