package org.crowdfund.gateway;

import io.micronaut.context.ApplicationContext;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaign pages do not depend on reservation-service: when it is down or does not answer,
 * campaigns are still served, their limited tiers saying the slot counts are unknown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlotsWithoutReservationServiceTest {
    private Api shared;
    private String creator;
    private String campaignId;

    @BeforeAll
    void start() {
        shared = GatewayHarness.api();
        creator = shared.token(Fixtures.newSubject("creator"), "creator");
        campaignId = Fixtures.activeWithTiers(shared, creator, 4, null).string("id");
    }

    private void assertServedWithSlotsUnknown(Api gateway) {
        Api.Response campaign = gateway.get("/api/v1/campaigns/" + campaignId);
        assertThat(campaign.status()).as(campaign.toString()).isEqualTo(200);
        assertThat(Fixtures.tier(campaign, 0)).containsEntry("quantityLimit", 4).containsEntry("slotsKnown", false)
                .containsEntry("slotsLeft", null).containsEntry("soldOut", null).containsEntry("waitlistLength", null);
        assertThat(Fixtures.tier(campaign, 1)).as("an unlimited tier needs no counts")
                .containsEntry("slotsKnown", true).containsEntry("soldOut", false);

        Api.Response list = gateway.get("/api/v1/campaigns?creatorId=" + campaign.string("creatorId"));
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.list("campaigns")).singleElement().satisfies(c -> assertThat(c.get("tiers"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(2));
    }

    @Test
    void aCampaignIsServedWithSlotsUnknownWhileReservationServiceIsDown() {
        Map<String, Object> props = GatewayHarness.properties(true);
        props.put("crowdfund.grpc.targets.reservation", "127.0.0.1:" + TestInfra.freePort());

        try (ApplicationContext gateway = GatewayHarness.start(props)) {
            Api api = new Api(gateway);
            assertServedWithSlotsUnknown(api);

            Api.Response reserve = api.post("/api/v1/reservations", api.token(Fixtures.newSubject("backer"), "backer"),
                    "{\"tierId\":\"" + Fixtures.tier(api.get("/api/v1/campaigns/" + campaignId), 0).get("id") + "\"}");
            assertThat(reserve.status()).as(reserve.toString()).isEqualTo(503);
            assertThat(reserve.string("code")).isEqualTo("UNAVAILABLE");
        }
    }

    @Test
    void aReservationServiceThatDoesNotAnswerDelaysThePageByItsShortDeadlineOnly() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-reservation-service");
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, Object> props = GatewayHarness.properties(true);
            props.put("crowdfund.grpc.targets.reservation", "127.0.0.1:" + silent.getLocalPort());
            props.put("crowdfund.grpc.availability-deadline", "300ms");

            try (ApplicationContext gateway = GatewayHarness.start(props)) {
                Api api = new Api(gateway);
                assertServedWithSlotsUnknown(api);

                Instant started = Instant.now();
                Api.Response again = api.get("/api/v1/campaigns/" + campaignId);
                assertThat(again.status()).isEqualTo(200);
                assertThat(Duration.between(started, Instant.now()))
                        .as("the page waits for slots 300 ms at most, not the 3 s of other calls")
                        .isLessThan(Duration.ofSeconds(2));
            }
        }
    }
}
