package org.crowdfund.reservation.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.reservation.domain.ReservationStatus.EXPIRED;
import static org.crowdfund.reservation.domain.ReservationStatus.RELEASED;

class ReservationStatusTest {
    private static final Set<String> ALLOWED = Set.of("ACTIVE>CONVERTED", "ACTIVE>RELEASED", "ACTIVE>EXPIRED",
            "CONVERTED>RELEASED");

    static Stream<Arguments> everyPair() {
        return Arrays.stream(ReservationStatus.values())
                .flatMap(from -> Arrays.stream(ReservationStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void onlyTheDocumentedTransitionsAreAllowed(ReservationStatus from, ReservationStatus to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(from + ">" + to));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void releasedAndExpiredReservationsAreFinalAndEveryStatusRoundTripsThroughTheDatabase(ReservationStatus status) {
        assertThat(status.next().isEmpty()).isEqualTo(status == RELEASED || status == EXPIRED);
        assertThat(ReservationStatus.fromDb(status.dbValue())).isEqualTo(status);
    }

    static Stream<ReservationStatus> statuses() {
        return Arrays.stream(ReservationStatus.values());
    }
}
