package org.crowdfund.reservation;

import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.reservation.v1.ConvertRequest;
import org.crowdfund.proto.reservation.v1.ConvertResponse;
import org.crowdfund.proto.reservation.v1.ExtendRequest;
import org.crowdfund.proto.reservation.v1.ExtendResponse;
import org.crowdfund.proto.reservation.v1.ListReservationsRequest;
import org.crowdfund.proto.reservation.v1.ReleaseAllRequest;
import org.crowdfund.proto.reservation.v1.ReleaseReason;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.proto.reservation.v1.ReleaseResponse;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.ReservationStatus;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.reservation.ReservationHarness.Counters;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.reservation.ReservationHarness.SERVICE;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;
import static org.crowdfund.reservation.ReservationHarness.newBacker;
import static org.crowdfund.reservation.Refusals.assertInvalid;
import static org.crowdfund.reservation.Refusals.assertRefused;

/** Convert, Release, ReleaseAll and Extend, and their refusals. */
class ConvertReleaseExtendTest {

    static Reservation hold(Principal backer, Tier tier) {
        return as(backer).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1).build()).getReservation();
    }

    static ConvertResponse convert(Reservation r, String pledgeId) {
        return as(SERVICE).convert(ConvertRequest.newBuilder().setReservationId(r.getId()).setPledgeId(pledgeId)
                .setBackerId(r.getBackerId()).setTierId(r.getTierId()).build());
    }

    @Test
    void convertMovesTheSlotToSoldAndRepeatingItForTheSamePledgeChangesNothing() {
        Tier tier = limitedTier(3);
        Reservation r = hold(newBacker(), tier);
        String pledge = UUID.randomUUID().toString();

        ConvertResponse first = convert(r, pledge);
        ConvertResponse again = convert(r, pledge);

        assertThat(first.getAlreadyConverted()).isFalse();
        assertThat(first.getReservation().getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_CONVERTED);
        assertThat(first.getReservation().getPledgeId()).isEqualTo(pledge);
        assertThat(again.getAlreadyConverted()).isTrue();
        assertThat(again.getReservation().getConvertedAt()).isEqualTo(first.getReservation().getConvertedAt());
        assertThat(counters(tier)).isEqualTo(new Counters(3, 0, 1));
    }

    @Test
    void convertingForAnotherPledgeBackerOrTierIsAMismatchAndChangesNothing() {
        Tier tier = limitedTier(3);
        Reservation r = hold(newBacker(), tier);
        convert(r, UUID.randomUUID().toString());
        Reservation other = hold(newBacker(), tier);

        assertRefused(() -> convert(r, UUID.randomUUID().toString()), Status.Code.FAILED_PRECONDITION, "RESERVATION_MISMATCH");
        assertRefused(() -> as(SERVICE).convert(ConvertRequest.newBuilder().setReservationId(other.getId())
                        .setPledgeId(UUID.randomUUID().toString()).setBackerId("someone-else").setTierId(tier.id()).build()),
                Status.Code.FAILED_PRECONDITION, "RESERVATION_MISMATCH");
        assertRefused(() -> as(SERVICE).convert(ConvertRequest.newBuilder().setReservationId(other.getId())
                        .setPledgeId(UUID.randomUUID().toString()).setBackerId(other.getBackerId())
                        .setTierId(UUID.randomUUID().toString()).build()),
                Status.Code.FAILED_PRECONDITION, "RESERVATION_MISMATCH");
        assertThat(counters(tier)).isEqualTo(new Counters(3, 1, 1));
    }

    @Test
    void onePledgeCannotConvertTwoReservations() {
        Tier tier = limitedTier(3);
        String pledge = UUID.randomUUID().toString();
        convert(hold(newBacker(), tier), pledge);
        Reservation second = hold(newBacker(), tier);

        assertRefused(() -> convert(second, pledge), Status.Code.FAILED_PRECONDITION, "RESERVATION_MISMATCH");
        assertThat(counters(tier)).isEqualTo(new Counters(3, 1, 1));
    }

    @Test
    void convertingALapsedHoldIsRefusedWithReservationExpiredEvenBeforeTheWorkerSweptIt() {
        Tier tier = limitedTier(3);
        Reservation r = as(newBacker()).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1)
                .setTtlSeconds(60).build()).getReservation();
        ReservationHarness.advance(Duration.ofSeconds(61));

        assertRefused(() -> convert(r, UUID.randomUUID().toString()), Status.Code.FAILED_PRECONDITION, "RESERVATION_EXPIRED");
        assertThat(counters(tier)).isEqualTo(new Counters(3, 0, 0));
        assertRefused(() -> convert(r, UUID.randomUUID().toString()), Status.Code.FAILED_PRECONDITION, "RESERVATION_EXPIRED");
    }

    @Test
    void convertingAReleasedOrUnknownReservationIsRefused() {
        Tier tier = limitedTier(3);
        Principal backer = newBacker();
        Reservation r = hold(backer, tier);
        as(backer).release(ReleaseRequest.newBuilder().setReservationId(r.getId()).build());

        assertRefused(() -> convert(r, UUID.randomUUID().toString()), Status.Code.FAILED_PRECONDITION, "RESERVATION_RELEASED");
        assertRefused(() -> as(SERVICE).convert(ConvertRequest.newBuilder().setReservationId(UUID.randomUUID().toString())
                        .setPledgeId(UUID.randomUUID().toString()).setBackerId(backer.subject()).setTierId(tier.id()).build()),
                Status.Code.NOT_FOUND, "RESERVATION_NOT_FOUND");
        assertInvalid(() -> as(SERVICE).convert(ConvertRequest.newBuilder().setReservationId(r.getId())
                .setBackerId(backer.subject()).setTierId(tier.id()).build()), "pledge_id");
        assertThat(counters(tier)).isEqualTo(new Counters(3, 0, 0));
    }

    @Test
    void aBackerCannotConvertEvenTheirOwnReservation() {
        Tier tier = limitedTier(3);
        Principal backer = newBacker();
        Reservation r = hold(backer, tier);
        assertRefused(() -> as(backer).convert(ConvertRequest.newBuilder().setReservationId(r.getId())
                        .setPledgeId(UUID.randomUUID().toString()).setBackerId(backer.subject()).setTierId(tier.id()).build()),
                Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertThat(counters(tier)).isEqualTo(new Counters(3, 1, 0));
    }

    @Test
    void releasingAHoldReturnsItsSlotAndReleasingAgainChangesNothing() {
        Tier tier = limitedTier(1);
        Principal backer = newBacker();
        Reservation r = hold(backer, tier);

        ReleaseResponse first = as(backer).release(ReleaseRequest.newBuilder().setReservationId(r.getId())
                .setReason(ReleaseReason.RELEASE_REASON_PLEDGE_DROPPED).build());
        ReleaseResponse again = as(backer).release(ReleaseRequest.newBuilder().setReservationId(r.getId()).build());

        assertThat(first.getAlreadyEnded()).isFalse();
        assertThat(first.getReservation().getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_RELEASED);
        assertThat(first.getReservation().getReleaseReason()).as("a backer's release is always BACKER")
                .isEqualTo(ReleaseReason.RELEASE_REASON_BACKER);
        assertThat(again.getAlreadyEnded()).isTrue();
        assertThat(counters(tier)).isEqualTo(new Counters(1, 0, 0));
        assertThat(hold(newBacker(), tier).getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_ACTIVE);
    }

    @Test
    void releasingAConvertedSlotReturnsItToTheInventoryButOnlyForTheService() {
        Tier tier = limitedTier(1);
        Principal backer = newBacker();
        Reservation r = hold(backer, tier);
        convert(r, UUID.randomUUID().toString());

        assertRefused(() -> as(backer).release(ReleaseRequest.newBuilder().setReservationId(r.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "RESERVATION_CONVERTED");
        assertThat(counters(tier)).isEqualTo(new Counters(1, 0, 1));

        ReleaseResponse released = as(SERVICE).release(ReleaseRequest.newBuilder().setReservationId(r.getId())
                .setReason(ReleaseReason.RELEASE_REASON_PLEDGE_CANCELLED).build());

        assertThat(released.getReservation().getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_RELEASED);
        assertThat(released.getReservation().getReleaseReason()).isEqualTo(ReleaseReason.RELEASE_REASON_PLEDGE_CANCELLED);
        assertThat(counters(tier)).isEqualTo(new Counters(1, 0, 0));
        assertThat(hold(newBacker(), tier).getStatus()).isEqualTo(ReservationStatus.RESERVATION_STATUS_ACTIVE);
    }

    @Test
    void releaseAllGivesBackEveryHoldOfTheBackerInThatCampaignOnly() {
        Tier tier = limitedTier(5);
        Tier sibling = new Tier(tier.campaignId(), UUID.randomUUID());
        ReservationHarness.publishTierChanged(sibling, 5, ReservationHarness.nextRevision(), 0);
        ReservationHarness.awaitInventory(sibling, inv -> inv.getTotal() == 5);
        Tier elsewhere = limitedTier(5);
        Principal backer = newBacker();
        hold(backer, tier);
        hold(backer, sibling);
        Reservation kept = hold(backer, elsewhere);
        hold(newBacker(), tier);

        var released = as(backer).releaseAll(ReleaseAllRequest.newBuilder().setCampaignId(tier.campaign()).build());

        assertThat(released.getReleasedList()).hasSize(2)
                .allMatch(r -> r.getReleaseReason() == ReleaseReason.RELEASE_REASON_ABANDONED);
        assertThat(counters(tier)).isEqualTo(new Counters(5, 1, 0));
        assertThat(counters(sibling)).isEqualTo(new Counters(5, 0, 0));
        assertThat(counters(elsewhere)).isEqualTo(new Counters(5, 1, 0));
        var mine = as(backer).listReservations(ListReservationsRequest.newBuilder().setActiveOnly(true).build());
        assertThat(mine.getReservationsList()).extracting(Reservation::getId).containsExactly(kept.getId());
        assertRefused(() -> as(newBacker()).releaseAll(ReleaseAllRequest.newBuilder().setBackerId(backer.subject())
                .setCampaignId(elsewhere.campaign()).build()), Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertThat(counters(elsewhere)).isEqualTo(new Counters(5, 1, 0));
    }

    @Test
    void extendAddsFiveMinutesOnceAndASecondExtendChangesNothing() {
        Tier tier = limitedTier(3);
        Principal backer = newBacker();
        Reservation r = hold(backer, tier);

        ExtendResponse first = as(backer).extend(ExtendRequest.newBuilder().setReservationId(r.getId()).build());
        ExtendResponse second = as(backer).extend(ExtendRequest.newBuilder().setReservationId(r.getId()).build());

        assertThat(first.getAlreadyExtended()).isFalse();
        assertThat(first.getReservation().getExtended()).isTrue();
        assertThat(Timestamps.between(r.getExpiresAt(), first.getReservation().getExpiresAt()).getSeconds()).isEqualTo(300);
        assertThat(second.getAlreadyExtended()).isTrue();
        assertThat(second.getReservation().getExpiresAt()).isEqualTo(first.getReservation().getExpiresAt());
    }

    @Test
    void extendingALapsedReleasedOrConvertedReservationIsRefused() {
        Tier tier = limitedTier(5);
        Principal backer = newBacker();
        Reservation lapsing = as(backer).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(1)
                .setTtlSeconds(60).build()).getReservation();
        ReservationHarness.advance(Duration.ofSeconds(61));
        assertRefused(() -> as(backer).extend(ExtendRequest.newBuilder().setReservationId(lapsing.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "RESERVATION_EXPIRED");

        Reservation released = hold(backer, tier);
        as(backer).release(ReleaseRequest.newBuilder().setReservationId(released.getId()).build());
        assertRefused(() -> as(backer).extend(ExtendRequest.newBuilder().setReservationId(released.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "RESERVATION_RELEASED");

        Reservation converted = hold(backer, tier);
        convert(converted, UUID.randomUUID().toString());
        assertRefused(() -> as(backer).extend(ExtendRequest.newBuilder().setReservationId(converted.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "RESERVATION_CONVERTED");
        assertThat(counters(tier)).isEqualTo(new Counters(5, 0, 1));
    }
}
