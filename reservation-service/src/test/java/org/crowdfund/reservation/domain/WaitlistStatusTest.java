package org.crowdfund.reservation.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WaitlistStatusTest {
    private static final Set<String> ALLOWED = Set.of("WAITING>OFFERED", "WAITING>LEFT", "WAITING>CLOSED",
            "OFFERED>ACCEPTED", "OFFERED>DECLINED", "OFFERED>LAPSED", "OFFERED>CLOSED");

    static Stream<Arguments> everyPair() {
        return Arrays.stream(WaitlistStatus.values())
                .flatMap(from -> Arrays.stream(WaitlistStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void onlyTheDocumentedTransitionsAreAllowed(WaitlistStatus from, WaitlistStatus to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(from + ">" + to));
        assertThat(from.next().isEmpty()).isEqualTo(from != WaitlistStatus.WAITING && from != WaitlistStatus.OFFERED);
        assertThat(WaitlistStatus.fromDb(from.dbValue())).isEqualTo(from);
    }
}
