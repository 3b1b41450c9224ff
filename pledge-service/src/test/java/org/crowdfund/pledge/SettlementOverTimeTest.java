package org.crowdfund.pledge;

import io.micronaut.context.ApplicationContext;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.platform.time.AdjustableClock;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.pledge.v1.Pledge;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.proto.pledge.v1.Settlement;
import org.crowdfund.proto.pledge.v1.UpdatePaymentMethodRequest;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.testsupport.NatsProcess;
import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.StreamReader;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What takes days (holds placed and re-placed before a 30-day campaign's end, the 7-day window to
 * fix a failed payment) and a broker restart during settlement. These move pledge-service's and
 * the Stripe emulator's clocks by weeks and stop NATS, so they run on their own pledge-service
 * (own database and clock), campaign- and reservation-service and a private nats-server; only
 * payment-service (gRPC, no events needed here) and the emulator are the shared ones. Both clocks
 * always move together, so the provider's capture_before and pledge-service's "now" agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementOverTimeTest {
    private NatsProcess nats;
    private Map<String, Object> events;
    private ServiceProcess campaign;
    private ServiceProcess reservation;
    private ApplicationContext pledgeService;
    private AdjustableClock clock;
    private StripeEmulator stripe;
    private PledgeApi api;

    @BeforeAll
    void start() {
        PledgeHarness.Services shared = PledgeHarness.services();
        nats = NatsProcess.start();
        events = new HashMap<>(TestInfra.eventProperties(TestInfra.shortId()));
        events.put("crowdfund.events.nats-url", nats.url());
        campaign = ServiceProcess.start("campaign-service", events, Map.of());
        reservation = ServiceProcess.start("reservation-service", events, Map.of());
        Map<String, Object> props = new HashMap<>(PledgeHarness.properties());
        props.putAll(events);
        props.put("crowdfund.pledges.targets.campaign", "127.0.0.1:" + campaign.grpcPort());
        props.put("crowdfund.pledges.targets.reservation", "127.0.0.1:" + reservation.grpcPort());
        pledgeService = PledgeHarness.start(props);
        clock = PledgeHarness.clock(pledgeService);
        stripe = PledgeHarness.stripe();
        Duration behind = stripe.clock().offset().minus(clock.offset());
        if (behind.isNegative()) {
            stripe.clock().advance(behind.negated());
        } else {
            clock.advance(behind);
        }
        api = new PledgeApi(PledgeHarness.grpcPort(pledgeService), new PledgeHarness.Services(campaign, reservation, shared.payment()));
    }

    @AfterAll
    void stop() {
        if (pledgeService != null) {
            pledgeService.close();
        }
        if (campaign != null) {
            campaign.stop();
        }
        if (reservation != null) {
            reservation.stop();
        }
        if (nats != null) {
            nats.close();
        }
    }

    /** Moves pledge-service's and the emulator's time together. */
    private void advance(Duration by) {
        stripe.clock().advance(by);
        clock.advance(by);
    }

    /** A launched campaign ending {@code endIn} after pledge-service's (moved) now. */
    private PledgeApi.Tiered campaign(FundingModel model, long goal, Duration endIn, int cutoffHours, Integer... limits) {
        return api.campaign(PledgeApi.creator(), model, goal, endIn.plus(clock.offset()), cutoffHours, limits);
    }

    private record Backed(Principal backer, Pledge pledge) {
        String id() {
            return pledge.getId();
        }
    }

    private Backed pledge(PledgeApi.Tiered c, String tierId, long amount, String card) {
        Principal backer = PledgeApi.backer();
        var request = api.request(c.id(), tierId, amount, card);
        if (tierId != null) {
            request.setReservationId(api.reserve(backer, tierId));
        }
        return new Backed(backer, api.pledge(backer, request.build()));
    }

    private Pledge get(Backed b) {
        return api.get(b.backer(), b.id());
    }

    @Test
    void aThirtyDayCampaignsHoldsArePlacedByTheJobNearTheEndAndRePlacedWhenCaptureBeforeSaysSo() {
        var c = campaign(FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 5_000, Duration.ofDays(30), 48);
        Instant endAt = ProtoTime.instant(c.campaign().getEndAt());
        List<Backed> pledges = List.of(pledge(c, null, 2_500, "pm_card_visa"), pledge(c, null, 2_500, "pm_card_visa"));
        assertThat(pledges).as("30 days out: the card is saved, no hold yet").allMatch(b -> !b.pledge().hasHoldExpiresAt());

        // 4 days before the end minus an hour: the job holds off session; the provider gives a
        // merchant-initiated Visa hold 4 d 18 h, which lapses before the end plus the settlement window
        advance(Duration.between(clock.instant(), endAt.minus(Duration.ofDays(4)).plus(Duration.ofHours(1))));
        await().atMost(PledgeHarness.await()).until(() -> pledges.stream().allMatch(b -> get(b).hasHoldExpiresAt()));
        Map<String, Instant> firstHolds = new HashMap<>();
        for (Backed b : pledges) {
            Instant captureBefore = ProtoTime.instant(get(b).getHoldExpiresAt());
            assertThat(captureBefore).as("the provider's capture_before, not 7 days")
                    .isBefore(endAt.plus(Duration.ofDays(1))).isAfter(endAt);
            firstHolds.put(b.id(), captureBefore);
            assertThat(api.count(b.id(), Type.AUTHORIZED)).isEqualTo(1);
        }

        // a day before that capture_before (still before the end): re-placed, new hold first, then the old voided
        advance(Duration.between(clock.instant(), endAt.minus(Duration.ofHours(4))));
        await().atMost(PledgeHarness.await()).untilAsserted(() -> {
            for (Backed b : pledges) {
                assertThat(ProtoTime.instant(get(b).getHoldExpiresAt())).isAfter(firstHolds.get(b.id()))
                        .isAfter(endAt.plus(Duration.ofDays(1)));
                assertThat(api.count(b.id(), Type.AUTHORIZED)).isEqualTo(2);
                assertThat(api.count(b.id(), Type.VOIDED)).isEqualTo(1);
            }
        });

        api.end(c.id());
        api.awaitSettled(c.id(), CampaignStatus.CAMPAIGN_STATUS_FUNDED);
        for (Backed b : pledges) {
            assertThat(get(b).getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_CAPTURED);
            assertThat(api.count(b.id(), Type.CAPTURED)).as("the live (second) hold captured once").isEqualTo(1);
            assertThat(api.count(b.id(), Type.CHARGED)).isZero();
        }
    }

    @Test
    void aFailedCaptureFixedWithinSevenDaysIsCapturedAndOneNotFixedIsDroppedWithItsTotalAndSlotReleased() {
        var c = campaign(FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, 3_000, Duration.ofDays(3), 24, 3);
        Backed good = pledge(c, null, 3_000, "pm_card_visa");
        Backed fixedLater = pledge(c, c.tier(0), 2_000, "pm_card_captureDeclined");
        Backed neverFixed = pledge(c, c.tier(0), 2_500, "pm_card_captureDeclined");
        assertThat(api.slotsLeft(c.id(), c.tier(0))).isEqualTo(1);

        api.end(c.id());
        api.awaitSettled(c.id(), CampaignStatus.CAMPAIGN_STATUS_FUNDED);
        Instant settledAt = clock.instant();
        for (Backed b : List.of(fixedLater, neverFixed)) {
            Pledge failed = get(b);
            assertThat(failed.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_PAYMENT_FAILED);
            assertThat(ProtoTime.instant(failed.getFixBefore())).as("7 days to give another card")
                    .isBetween(settledAt.plus(Duration.ofDays(7)).minus(Duration.ofMinutes(2)), settledAt.plus(Duration.ofDays(7)));
        }
        Instant fixBefore = ProtoTime.instant(get(neverFixed).getFixBefore());

        advance(Duration.ofDays(6));
        Pledge fixed = api.pledges(fixedLater.backer()).updatePaymentMethod(UpdatePaymentMethodRequest.newBuilder()
                .setPledgeId(fixedLater.id()).setPaymentMethodId("pm_card_visa").build()).getPledge();
        assertThat(fixed.getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_CAPTURED);
        assertThat(get(neverFixed).getStatus()).as("still inside its window").isEqualTo(PledgeStatus.PLEDGE_STATUS_PAYMENT_FAILED);

        advance(Duration.between(clock.instant(), fixBefore).plusMinutes(5));
        await().atMost(PledgeHarness.await()).untilAsserted(() -> {
            assertThat(get(neverFixed).getStatus()).isEqualTo(PledgeStatus.PLEDGE_STATUS_DROPPED);
            assertThat(api.slotsLeft(c.id(), c.tier(0))).as("the dropped pledge's slot is back").isEqualTo(2);
            assertThat(api.campaign(c.id()).getPledgedMinor()).as("the total without it").isEqualTo(5_000);
            assertThat(events(".pledge.dropped", neverFixed.id())).hasSize(1);
        });
        assertThat(api.count(neverFixed.id(), Type.CAPTURED) + api.count(neverFixed.id(), Type.CHARGED)).isZero();
        assertThat(get(fixedLater).getStatus()).as("the fixed pledge is not dropped").isEqualTo(PledgeStatus.PLEDGE_STATUS_CAPTURED);
        assertThat(api.count(fixedLater.id(), Type.CHARGED)).as("charged once with the new card").isEqualTo(1);
        assertThat(api.count(fixedLater.id(), Type.CAPTURED)).isZero();
        assertThat(api.count(good.id(), Type.CAPTURED)).isEqualTo(1);
    }

    @Test
    void settlementCompletesWhileNatsIsDownAndTheCampaignTakesItsFinalStateOnceNatsIsBack() throws Exception {
        int backers = 60;
        var c = campaign(FundingModel.FUNDING_MODEL_ALL_OR_NOTHING, backers * 1_000L, Duration.ofDays(3), 24);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Backed>> started = new ArrayList<>();
        for (int i = 0; i < backers; i++) {
            started.add(pool.submit(() -> pledge(c, null, 1_000, "pm_card_visa")));
        }
        List<Backed> pledges = new ArrayList<>();
        for (Future<Backed> f : started) {
            pledges.add(f.get());
        }
        pool.shutdown();

        api.end(c.id());
        // CampaignEnded arrived (the settlement exists): the broker goes away mid-settlement
        await().atMost(PledgeHarness.await()).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> !api.settlement(c.id()).getPhase().isEmpty());
        Settlement atKill = api.settlement(c.id());
        nats.kill();
        try {
            assertThat(atKill.getPhase()).as("killed before settlement finished").isNotEqualTo("settled");
            await().atMost(PledgeHarness.await()).pollInterval(Duration.ofMillis(200))
                    .until(() -> "settled".equals(api.settlement(c.id()).getPhase()));
            assertThat(api.campaign(c.id()).getStatus()).as("CampaignSettled waits in the outbox")
                    .isEqualTo(CampaignStatus.CAMPAIGN_STATUS_SETTLING);
        } finally {
            nats.resume();
        }

        Settlement settled = api.awaitSettled(c.id(), CampaignStatus.CAMPAIGN_STATUS_FUNDED);
        assertThat(settled.getCapturedMinor()).isEqualTo(backers * 1_000L);
        for (Backed b : pledges) {
            assertThat(api.count(b.id(), Type.CAPTURED)).as("captured exactly once").isEqualTo(1);
        }
        await().atMost(PledgeHarness.await()).untilAsserted(() ->
                assertThat(events(".pledge.captured", null).stream().filter(e -> e.getData().toByteString().toStringUtf8()
                        .contains(c.id())).count()).isEqualTo(backers));
    }

    /** Events on this test's private stream with the subject suffix, optionally about one aggregate. */
    private List<EventEnvelope> events(String subjectSuffix, String aggregateOrNull) {
        String subject = events.get("crowdfund.events.subject-prefix") + subjectSuffix;
        return StreamReader.all(nats.url(), String.valueOf(events.get("crowdfund.events.stream"))).stream()
                .filter(m -> m.getSubject().equals(subject))
                .map(m -> {
                    try {
                        return EventEnvelope.parseFrom(m.getData());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(e -> aggregateOrNull == null || e.getData().toByteString().toStringUtf8().contains(aggregateOrNull))
                .toList();
    }
}
