package org.crowdfund.reservation;

import io.grpc.StatusRuntimeException;
import org.crowdfund.platform.grpc.Downstream;
import org.crowdfund.proto.reservation.v1.ReservationServiceGrpc;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.reservation.ReservationHarness.Tier;
import org.crowdfund.testsupport.ForgedIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.crowdfund.reservation.ReservationHarness.counters;
import static org.crowdfund.reservation.ReservationHarness.limitedTier;

/**
 * Only a verified identity counts: a Reserve made on a backer's behalf (pledge-service's right,
 * role {@code service}) refuses every bare, forged, expired, foreign-signed or misaddressed claim
 * of being pledge-service and holds nothing; the same claim properly signed is accepted.
 */
class CallerIdentityTest {

    private static ReservationServiceGrpc.ReservationServiceBlockingStub stub() {
        return ReservationServiceGrpc.newBlockingStub(ReservationHarness.channel()).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static ReserveRequest onBehalfOfABacker(Tier tier) {
        return ReserveRequest.newBuilder().setTierId(tier.id()).setBackerId("backer-" + UUID.randomUUID()).setQuantity(1).build();
    }

    @ParameterizedTest
    @EnumSource(ForgedIdentity.class)
    void reserveOnABackersBehalfRefusesABareOrForgedIdentityAndHoldsNothing(ForgedIdentity forged) {
        Tier tier = limitedTier(3);

        StatusRuntimeException e = catchThrowableOfType(() -> forged.attach(stub(), ReservationServiceGrpc.SERVICE_NAME)
                .reserve(onBehalfOfABacker(tier)), StatusRuntimeException.class);

        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(forged.code());
        assertThat(Downstream.reason(e)).contains(forged.reason());
        assertThat(counters(tier).reserved()).isZero();
    }

    @Test
    void reserveOnABackersBehalfAcceptsPledgeServicesGenuinelySignedIdentity() {
        Tier tier = limitedTier(3);

        ForgedIdentity.genuine(stub(), ReservationServiceGrpc.SERVICE_NAME).reserve(onBehalfOfABacker(tier));

        assertThat(counters(tier).reserved()).isEqualTo(1);
    }
}
