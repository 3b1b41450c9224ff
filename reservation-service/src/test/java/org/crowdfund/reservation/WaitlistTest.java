package org.crowdfund.reservation;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.ReservationOffered;
import org.crowdfund.proto.reservation.v1.GetWaitlistEntryRequest;
import org.crowdfund.proto.reservation.v1.JoinWaitlistRequest;
import org.crowdfund.proto.reservation.v1.JoinWaitlistResponse;
import org.crowdfund.proto.reservation.v1.LeaveWaitlistRequest;
import org.crowdfund.proto.reservation.v1.ReleaseReason;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.proto.reservation.v1.WaitlistEntry;
import org.crowdfund.proto.reservation.v1.WaitlistStatus;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.crowdfund.testsupport.StreamReader;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.reservation.ReservationHarness.SERVICE;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.Refusals.assertRefused;

/** Backers queue for sold-out tiers; every freed slot is offered to the next in line with its own deadline. */
class WaitlistTest {

    static Reservation holdFor(Principal backer, Tier tier, int ttlSeconds) {
        return as(backer).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1)
                .setTtlSeconds(ttlSeconds).build()).getReservation();
    }

    static JoinWaitlistResponse join(Principal backer, Tier tier) {
        return as(backer).joinWaitlist(JoinWaitlistRequest.newBuilder().setTierId(tier.id()).setQuantity(1).build());
    }

    static WaitlistEntry entry(Principal backer, WaitlistEntry entry) {
        return as(backer).getWaitlistEntry(GetWaitlistEntryRequest.newBuilder().setEntryId(entry.getId()).build()).getEntry();
    }

    static WaitlistEntry awaitStatus(Principal backer, WaitlistEntry entry, WaitlistStatus status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> entry(backer, entry).getStatus() == status);
        return entry(backer, entry);
    }

    @Test
    void backersJoinASoldOutTierInLineAndJoiningAgainReturnsTheirPlace() {
        Tier tier = limitedTier(1);
        Principal holder = newBacker();
        holdFor(holder, tier, 0);
        Principal first = newBacker();
        Principal second = newBacker();

        WaitlistEntry a = join(first, tier).getEntry();
        WaitlistEntry b = join(second, tier).getEntry();
        JoinWaitlistResponse again = join(first, tier);

        assertThat(a.getStatus()).isEqualTo(WaitlistStatus.WAITLIST_STATUS_WAITING);
        assertThat(a.getPosition()).isEqualTo(1);
        assertThat(b.getPosition()).isEqualTo(2);
        assertThat(again.getExisting()).isTrue();
        assertThat(again.getEntry().getId()).isEqualTo(a.getId());
        assertRefused(() -> join(holder, tier), Status.Code.FAILED_PRECONDITION, "ALREADY_RESERVED");
        assertRefused(() -> entry(newBacker(), a), Status.Code.NOT_FOUND, "WAITLIST_ENTRY_NOT_FOUND");
    }

    @Test
    void anExpiredHoldFreesItsSlotAndTheHeadOfTheLineReceivesItAsAnOffer() {
        Tier tier = limitedTier(1);
        holdFor(newBacker(), tier, 60);
        Principal first = newBacker();
        Principal second = newBacker();
        WaitlistEntry a = join(first, tier).getEntry();
        WaitlistEntry b = join(second, tier).getEntry();

        ReservationHarness.advance(Duration.ofSeconds(61));
        WaitlistEntry offered = awaitStatus(first, a, WaitlistStatus.WAITLIST_STATUS_OFFERED);

        Reservation offer = offered.getReservation();
        assertThat(offer.getBackerId()).isEqualTo(first.subject());
        assertThat(offer.getWaitlistEntryId()).isEqualTo(a.getId());
        assertThat(Timestamps.between(offer.getCreatedAt(), offer.getExpiresAt()).getSeconds()).isEqualTo(11 * 60);
        assertThat(entry(second, b).getPosition()).isEqualTo(1);
        assertThat(counters(tier)).isEqualTo(new Counters(1, 1, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> offeredEvent(offer.getId()).isPresent());
        assertThat(offeredEvent(offer.getId()).orElseThrow().getWaitlistEntryId()).isEqualTo(a.getId());
    }

    @Test
    void anOfferNotTakenInTimePassesToTheNextInLine() {
        Tier tier = limitedTier(1);
        holdFor(newBacker(), tier, 60);
        Principal first = newBacker();
        Principal second = newBacker();
        WaitlistEntry a = join(first, tier).getEntry();
        WaitlistEntry b = join(second, tier).getEntry();
        ReservationHarness.advance(Duration.ofSeconds(61));
        awaitStatus(first, a, WaitlistStatus.WAITLIST_STATUS_OFFERED);

        ReservationHarness.advance(Duration.ofMinutes(11));

        WaitlistEntry next = awaitStatus(second, b, WaitlistStatus.WAITLIST_STATUS_OFFERED);
        assertThat(entry(first, a).getStatus()).isEqualTo(WaitlistStatus.WAITLIST_STATUS_LAPSED);
        assertThat(next.getReservation().getBackerId()).isEqualTo(second.subject());
        assertThat(counters(tier)).isEqualTo(new Counters(1, 1, 0));
    }

    @Test
    void aConvertedOfferAcceptsTheEntry() {
        Tier tier = limitedTier(1);
        Principal holder = newBacker();
        Reservation held = holdFor(holder, tier, 0);
        Principal waiting = newBacker();
        WaitlistEntry a = join(waiting, tier).getEntry();

        as(holder).release(ReleaseRequest.newBuilder().setReservationId(held.getId()).build());
        WaitlistEntry offered = entry(waiting, a);
        assertThat(offered.getStatus()).as("offered in the release's own transaction")
                .isEqualTo(WaitlistStatus.WAITLIST_STATUS_OFFERED);
        ConvertReleaseExtendTest.convert(offered.getReservation(), UUID.randomUUID().toString());

        assertThat(entry(waiting, a).getStatus()).isEqualTo(WaitlistStatus.WAITLIST_STATUS_ACCEPTED);
        assertThat(counters(tier)).isEqualTo(new Counters(1, 0, 1));
    }

    @Test
    void leavingWithAnOpenOfferDeclinesItAndTheSlotPassesOn() {
        Tier tier = limitedTier(1);
        Principal holder = newBacker();
        Reservation held = holdFor(holder, tier, 0);
        Principal first = newBacker();
        Principal second = newBacker();
        WaitlistEntry a = join(first, tier).getEntry();
        WaitlistEntry b = join(second, tier).getEntry();
        as(holder).release(ReleaseRequest.newBuilder().setReservationId(held.getId()).build());

        WaitlistEntry left = as(first).leaveWaitlist(LeaveWaitlistRequest.newBuilder().setEntryId(a.getId()).build())
                .getEntry();

        assertThat(left.getStatus()).isEqualTo(WaitlistStatus.WAITLIST_STATUS_DECLINED);
        assertThat(left.getReservation().getReleaseReason()).isEqualTo(ReleaseReason.RELEASE_REASON_OFFER_DECLINED);
        assertThat(entry(second, b).getStatus()).isEqualTo(WaitlistStatus.WAITLIST_STATUS_OFFERED);
        assertThat(counters(tier)).isEqualTo(new Counters(1, 1, 0));
    }

    @Test
    void aSlotFreedByACancelledPledgeIsOfferedToTheWaitlist() {
        Tier tier = limitedTier(1);
        Reservation sold = holdFor(newBacker(), tier, 0);
        ConvertReleaseExtendTest.convert(sold, UUID.randomUUID().toString());
        Principal waiting = newBacker();
        WaitlistEntry a = join(waiting, tier).getEntry();

        as(SERVICE).release(ReleaseRequest.newBuilder().setReservationId(sold.getId())
                .setReason(ReleaseReason.RELEASE_REASON_PLEDGE_CANCELLED).build());

        assertThat(entry(waiting, a).getStatus()).isEqualTo(WaitlistStatus.WAITLIST_STATUS_OFFERED);
        assertThat(counters(tier)).isEqualTo(new Counters(1, 1, 0));
    }

    @Test
    void joiningWhileASlotIsFreeIsOfferedAtOnceAndLeavingAWaitingEntryEndsIt() {
        Tier tier = limitedTier(2);
        holdFor(newBacker(), tier, 0);
        Principal backer = newBacker();

        WaitlistEntry joined = join(backer, tier).getEntry();

        assertThat(joined.getStatus()).isEqualTo(WaitlistStatus.WAITLIST_STATUS_OFFERED);
        assertThat(joined.getReservation().getBackerId()).isEqualTo(backer.subject());

        Principal late = newBacker();
        WaitlistEntry waiting = join(late, tier).getEntry();
        WaitlistEntry left = as(late).leaveWaitlist(LeaveWaitlistRequest.newBuilder().setEntryId(waiting.getId()).build())
                .getEntry();
        assertThat(left.getStatus()).isEqualTo(WaitlistStatus.WAITLIST_STATUS_LEFT);
    }

    private static Optional<ReservationOffered> offeredEvent(String reservationId) {
        String subject = ReservationHarness.prefix() + "." + EventSubjects.RESERVATION_OFFERED;
        return StreamReader.all(TestInfra.natsUrl(), ReservationHarness.stream()).stream()
                .filter(m -> m.getSubject().equals(subject))
                .map(m -> {
                    try {
                        return EventEnvelope.parseFrom(m.getData()).getData().unpack(ReservationOffered.class);
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(e -> e.getReservationId().equals(reservationId))
                .findFirst();
    }
}
