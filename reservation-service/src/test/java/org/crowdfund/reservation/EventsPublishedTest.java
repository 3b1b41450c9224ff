package org.crowdfund.reservation;

import com.google.protobuf.InvalidProtocolBufferException;
import io.nats.client.api.MessageInfo;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.ReservationConverted;
import org.crowdfund.proto.events.v1.ReservationCreated;
import org.crowdfund.proto.events.v1.ReservationExtended;
import org.crowdfund.proto.events.v1.ReservationReleased;
import org.crowdfund.proto.reservation.v1.ExtendRequest;
import org.crowdfund.proto.reservation.v1.ReleaseReason;
import org.crowdfund.proto.reservation.v1.ReleaseRequest;
import org.crowdfund.proto.reservation.v1.Reservation;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.crowdfund.testsupport.StreamReader;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.reservation.ReservationHarness.SERVICE;
import static org.crowdfund.reservation.ReservationHarness.as;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;
import static org.crowdfund.reservation.ReservationHarness.newBacker;

/** Reservation facts reach the stream on their own subjects, through the outbox. */
class EventsPublishedTest {

    @Test
    void aHoldsLifeIsPublishedAsCreatedExtendedConvertedAndReleasedOnTheirSubjects() throws Exception {
        Tier tier = limitedTier(3);
        var backer = newBacker();
        Reservation r = as(backer).reserve(ReserveRequest.newBuilder().setTierId(tier.id()).setQuantity(2).build())
                .getReservation();
        as(backer).extend(ExtendRequest.newBuilder().setReservationId(r.getId()).build());
        String pledge = UUID.randomUUID().toString();
        ConvertReleaseExtendTest.convert(r, pledge);
        as(SERVICE).release(ReleaseRequest.newBuilder().setReservationId(r.getId())
                .setReason(ReleaseReason.RELEASE_REASON_PLEDGE_DROPPED).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> messages(r.getId()).size() == 4);
        List<MessageInfo> published = messages(r.getId());

        assertThat(published).extracting(MessageInfo::getSubject).containsExactly(
                subject(EventSubjects.RESERVATION_CREATED), subject(EventSubjects.RESERVATION_EXTENDED),
                subject(EventSubjects.RESERVATION_CONVERTED), subject(EventSubjects.RESERVATION_RELEASED));
        assertThat(published.get(0).getHeaders().getFirst("ce-type")).isEqualTo("crowdfund.events.v1.ReservationCreated");
        ReservationCreated created = unpack(published.get(0), ReservationCreated.class);
        assertThat(created.getBackerId()).isEqualTo(backer.subject());
        assertThat(created.getQuantity()).isEqualTo(2);
        assertThat(created.getExpiresAt()).isEqualTo(r.getExpiresAt());
        ReservationExtended extended = unpack(published.get(1), ReservationExtended.class);
        assertThat(extended.getPreviousExpiresAt()).isEqualTo(r.getExpiresAt());
        assertThat(unpack(published.get(2), ReservationConverted.class).getPledgeId()).isEqualTo(pledge);
        ReservationReleased released = unpack(published.get(3), ReservationReleased.class);
        assertThat(released.getWasConverted()).isTrue();
        assertThat(released.getReason()).isEqualTo(ReleaseReason.RELEASE_REASON_PLEDGE_DROPPED);
        assertThat(released.getPledgeId()).isEqualTo(pledge);
    }

    private static String subject(String relative) {
        return ReservationHarness.prefix() + "." + relative;
    }

    private static List<MessageInfo> messages(String reservationId) {
        return StreamReader.all(TestInfra.natsUrl(), ReservationHarness.stream()).stream()
                .filter(m -> reservationId.equals(m.getHeaders() == null ? null : m.getHeaders().getFirst("ce-subject")))
                .toList();
    }

    private static <T extends com.google.protobuf.Message> T unpack(MessageInfo m, Class<T> type) {
        try {
            EventEnvelope envelope = EventEnvelope.parseFrom(m.getData());
            return envelope.getData().unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
