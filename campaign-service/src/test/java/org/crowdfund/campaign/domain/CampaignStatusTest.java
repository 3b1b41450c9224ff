package org.crowdfund.campaign.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.campaign.domain.CampaignStatus.*;

/** Every state x every target state, against the table in DESIGN.md. */
class CampaignStatusTest {
    private static final Set<String> ALLOWED = Set.of(
            "DRAFT>ACTIVE", "DRAFT>CANCELLED",
            "ACTIVE>SETTLING", "ACTIVE>CANCELLED",
            "SETTLING>FUNDED", "SETTLING>FAILED", "SETTLING>PARTIALLY_FUNDED");

    static Stream<Arguments> everyPair() {
        return Arrays.stream(values()).flatMap(from -> Arrays.stream(values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void onlyTheDesignedTransitionsAreAllowed(CampaignStatus from, CampaignStatus to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(from + ">" + to));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyPair")
    void finalStatesHaveNoWayOut(CampaignStatus from, CampaignStatus ignored) {
        assertThat(from.isFinal()).isEqualTo(Set.of(FUNDED, FAILED, PARTIALLY_FUNDED, CANCELLED).contains(from));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyPair")
    void onlyActiveCampaignsTakePledgesAndOnlyDraftsArePrivate(CampaignStatus status, CampaignStatus ignored) {
        assertThat(status.acceptsPledges()).isEqualTo(status == ACTIVE);
        assertThat(status.isPublic()).isEqualTo(status != DRAFT);
        assertThat(CampaignStatus.fromDb(status.dbValue())).isEqualTo(status);
    }
}
