package org.crowdfund.gateway;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.crowdfund.proto.reservation.v1.GetAvailabilityRequest;
import org.crowdfund.proto.reservation.v1.ReservationServiceGrpc;
import org.crowdfund.proto.reservation.v1.TierAvailability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reservations, waitlists and slot counts over REST, as the web page uses them, against the real
 * campaign- and reservation-service (inventory is created from campaign-service's tier events).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReservationEndpointsTest {
    private static final String PROBLEM_JSON = "application/problem+json";

    private Api api;
    private String creator;
    private ManagedChannel reservationChannel;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
        creator = api.token(Fixtures.newSubject("creator"), "creator");
        reservationChannel = ManagedChannelBuilder.forAddress("127.0.0.1", GatewayHarness.services().reservation().grpcPort())
                .usePlaintext().build();
    }

    @AfterAll
    void stop() {
        reservationChannel.shutdownNow();
    }

    private String backer() {
        return api.token(Fixtures.newSubject("backer"), "backer");
    }

    private Api.Response reserve(String token, Object tierId) {
        return api.post("/api/v1/reservations", token, "{\"tierId\":\"" + tierId + "\"}");
    }

    private static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(response.string("code")).isEqualTo(code);
    }

    @Test
    void aBackerReservesASlotAndGets201WithItsLocationAndAnExpiryToCountDownTo() {
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 5);
        Object tierId = Fixtures.tier(campaign, 0).get("id");
        String subject = Fixtures.newSubject("backer");
        String token = api.token(subject, "backer");

        Api.Response reserved = reserve(token, tierId);

        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        String id = reserved.string("id");
        assertThat(reserved.header("Location")).isEqualTo("/api/v1/reservations/" + id);
        assertThat(reserved.json()).containsEntry("tierId", tierId).containsEntry("campaignId", campaign.string("id"))
                .containsEntry("backerId", subject).containsEntry("quantity", 1).containsEntry("status", "active")
                .containsEntry("strategy", "soft").containsEntry("extended", false).containsEntry("pledgeId", null);
        Duration holdLeft = Duration.between(Instant.parse(reserved.string("serverTime")), Instant.parse(reserved.string("expiresAt")));
        assertThat(holdLeft).as("the default hold: 10 min admission window + 1 min buffer")
                .isBetween(Duration.ofMinutes(11).minusSeconds(5), Duration.ofMinutes(11));

        Api.Response read = api.get("/api/v1/reservations/" + id, token);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).containsEntry("id", id).containsEntry("expiresAt", reserved.string("expiresAt"));
        assertThat(read.string("serverTime")).isNotNull();
        assertThat(Fixtures.tier(api.get("/api/v1/campaigns/" + campaign.string("id")), 0))
                .containsEntry("slotsLeft", 4).containsEntry("soldOut", false);
    }

    @Test
    void reservingTheSameTierAgainAnswers200WithTheHoldAlreadyThere() {
        Object tierId = Fixtures.tier(Fixtures.activeWithTiers(api, creator, 5), 0).get("id");
        String token = backer();
        Api.Response first = reserve(token, tierId);

        Api.Response again = reserve(token, tierId);

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.string("id")).isEqualTo(first.string("id"));
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    }

    @Test
    void aSoldOutTierIsAConflict409TierSoldOutPointingToItsWaitlistNotARateLimit() {
        Object tierId = Fixtures.tier(Fixtures.activeWithTiers(api, creator, 1), 0).get("id");
        assertThat(reserve(backer(), tierId).status()).isEqualTo(201);

        Api.Response refused = reserve(backer(), tierId);

        assertProblem(refused, 409, "TIER_SOLD_OUT");
        assertThat(refused.header("Retry-After")).isNull();
        assertThat(refused.string("title")).isEqualTo("Tier sold out");
        assertThat(refused.string("detail")).contains("sold out", "waitlist", "POST /api/v1/tiers/" + tierId + "/waitlist");
    }

    @Test
    void anotherBackersReservationCannotBeSeenReleasedOrExtended() {
        Object tierId = Fixtures.tier(Fixtures.activeWithTiers(api, creator, 3), 0).get("id");
        String owner = backer();
        String id = reserve(owner, tierId).string("id");
        String stranger = backer();

        assertProblem(api.get("/api/v1/reservations/" + id, stranger), 404, "RESERVATION_NOT_FOUND");
        assertProblem(api.post("/api/v1/reservations/" + id + ":release", stranger, null), 404, "RESERVATION_NOT_FOUND");
        assertProblem(api.post("/api/v1/reservations/" + id + ":extend", stranger, null), 404, "RESERVATION_NOT_FOUND");
        assertThat(api.get("/api/v1/reservations/" + id, owner).string("status")).isEqualTo("active");
    }

    @Test
    void releasingGivesTheSlotBackAndReleasingAgainChangesNothing() {
        Object tierId = Fixtures.tier(Fixtures.activeWithTiers(api, creator, 1), 0).get("id");
        String token = backer();
        String id = reserve(token, tierId).string("id");

        Api.Response released = api.post("/api/v1/reservations/" + id + ":release", token, "{}");

        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        assertThat(released.json()).containsEntry("status", "released").containsEntry("releaseReason", "backer");
        assertThat(released.string("endedAt")).isNotNull();
        assertThat(api.post("/api/v1/reservations/" + id + ":release", token, null).string("status")).isEqualTo("released");
        assertThat(reserve(backer(), tierId).status()).as("the slot is free again").isEqualTo(201);
    }

    @Test
    void extendingPushesTheExpiryOutOnce() {
        Object tierId = Fixtures.tier(Fixtures.activeWithTiers(api, creator, 3), 0).get("id");
        String token = backer();
        Api.Response reserved = reserve(token, tierId);

        Api.Response extended = api.post("/api/v1/reservations/" + reserved.string("id") + ":extend", token, null);

        assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
        assertThat(extended.json()).containsEntry("extended", true);
        assertThat(Instant.parse(extended.string("expiresAt"))).isAfter(Instant.parse(reserved.string("expiresAt")));
        Api.Response again = api.post("/api/v1/reservations/" + reserved.string("id") + ":extend", token, null);
        assertThat(again.string("expiresAt")).isEqualTo(extended.string("expiresAt"));
    }

    @Test
    void myReservationsListsTheCallersHoldsOnly() {
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 3, 3);
        String token = backer();
        String first = reserve(token, Fixtures.tier(campaign, 0).get("id")).string("id");
        String second = reserve(token, Fixtures.tier(campaign, 1).get("id")).string("id");
        reserve(backer(), Fixtures.tier(campaign, 0).get("id"));
        api.post("/api/v1/reservations/" + first + ":release", token, null);

        Api.Response all = api.get("/api/v1/me/reservations?campaignId=" + campaign.string("id"), token);
        Api.Response active = api.get("/api/v1/me/reservations?activeOnly=true&campaignId=" + campaign.string("id"), token);

        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.list("reservations")).extracting(r -> r.get("id")).containsExactlyInAnyOrder(first, second);
        assertThat(all.string("serverTime")).isNotNull();
        assertThat(all.string("nextPageToken")).isNull();
        assertThat(active.list("reservations")).extracting(r -> r.get("id")).containsExactly(second);
        assertThat(active.list("reservations").get(0).get("expiresAt")).isNotNull();
    }

    @Test
    void aBackerJoinsTheWaitlistOfASoldOutTierAndIsOfferedTheSlotThatFreesUp() {
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 1);
        String campaignId = campaign.string("id");
        Object tierId = Fixtures.tier(campaign, 0).get("id");
        String holder = backer();
        String hold = reserve(holder, tierId).string("id");
        String waiting = backer();

        Api.Response joined = api.post("/api/v1/tiers/" + tierId + "/waitlist", waiting, null);

        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        String entryId = joined.string("id");
        assertThat(joined.header("Location")).isEqualTo("/api/v1/waitlist-entries/" + entryId);
        assertThat(joined.json()).containsEntry("status", "waiting").containsEntry("position", 1)
                .containsEntry("tierId", tierId).containsEntry("reservation", null);
        assertThat(api.post("/api/v1/tiers/" + tierId + "/waitlist", waiting, "{}").string("id")).isEqualTo(entryId);
        assertThat(Fixtures.tier(api.get("/api/v1/campaigns/" + campaignId), 0))
                .containsEntry("soldOut", true).containsEntry("slotsLeft", 0).containsEntry("waitlistLength", 1);

        api.post("/api/v1/reservations/" + hold + ":release", holder, null);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                "offered".equals(api.get("/api/v1/waitlist-entries/" + entryId, waiting).string("status")));
        Api.Response offered = api.get("/api/v1/waitlist-entries/" + entryId, waiting);
        assertThat(offered.object("reservation")).containsEntry("status", "active").containsEntry("waitlistEntryId", entryId);
        assertThat(offered.object("reservation").get("expiresAt")).isNotNull();
    }

    @Test
    void leavingTheWaitlistEndsTheEntry() {
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 1);
        Object tierId = Fixtures.tier(campaign, 0).get("id");
        reserve(backer(), tierId);
        String token = backer();
        String entryId = api.post("/api/v1/tiers/" + tierId + "/waitlist", token, "{\"quantity\":1}").string("id");

        Api.Response left = api.post("/api/v1/waitlist-entries/" + entryId + ":leave", token, null);

        assertThat(left.status()).as(left.toString()).isEqualTo(200);
        assertThat(left.json()).containsEntry("status", "left").containsEntry("position", null);
        assertThat(Fixtures.tier(api.get("/api/v1/campaigns/" + campaign.string("id")), 0)).containsEntry("waitlistLength", 0);
        assertProblem(api.get("/api/v1/waitlist-entries/" + entryId, backer()), 404, "WAITLIST_ENTRY_NOT_FOUND");
    }

    @Test
    void slotsLeftOnCampaignsMatchReservationServicesAvailability() {
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 5, 2, null);
        String id = campaign.string("id");
        Object roomy = Fixtures.tier(campaign, 0).get("id");
        Object scarce = Fixtures.tier(campaign, 1).get("id");
        Object unlimited = Fixtures.tier(campaign, 2).get("id");
        assertThat(api.post("/api/v1/reservations", backer(), "{\"tierId\":\"" + roomy + "\",\"quantity\":2}").status()).isEqualTo(201);
        assertThat(reserve(backer(), scarce).status()).isEqualTo(201);
        assertThat(reserve(backer(), scarce).status()).isEqualTo(201);

        Map<String, TierAvailability> truth = availability(List.of(roomy.toString(), scarce.toString()));
        Api.Response read = api.get("/api/v1/campaigns/" + id);
        Api.Response listed = api.get("/api/v1/campaigns?creatorId=" + campaign.string("creatorId") + "&status=active&pageSize=100");

        for (Api.Response shown : List.of(read, listed)) {
            Map<String, Object> c = shown == read ? read.json() : listed.list("campaigns").stream()
                    .filter(x -> id.equals(x.get("id"))).findFirst().orElseThrow();
            @SuppressWarnings("unchecked") List<Map<String, Object>> tiers = (List<Map<String, Object>>) c.get("tiers");
            Map<String, Object> first = tiers.stream().filter(t -> roomy.equals(t.get("id"))).findFirst().orElseThrow();
            Map<String, Object> second = tiers.stream().filter(t -> scarce.equals(t.get("id"))).findFirst().orElseThrow();
            Map<String, Object> third = tiers.stream().filter(t -> unlimited.equals(t.get("id"))).findFirst().orElseThrow();
            assertThat(first).containsEntry("slotsKnown", true).containsEntry("slotsLeft", truth.get(roomy.toString()).getAvailable())
                    .containsEntry("slotsLeft", 3).containsEntry("soldOut", false).containsEntry("waitlistLength", 0);
            assertThat(second).containsEntry("slotsKnown", true).containsEntry("slotsLeft", truth.get(scarce.toString()).getAvailable())
                    .containsEntry("slotsLeft", 0).containsEntry("soldOut", true);
            assertThat(third).containsEntry("slotsKnown", true).containsEntry("slotsLeft", null).containsEntry("soldOut", false)
                    .containsEntry("waitlistLength", null).containsEntry("quantityLimit", null);
        }
        assertThat(api.get("/api/v1/tiers/" + scarce).object("tier")).containsEntry("slotsLeft", 0).containsEntry("soldOut", true);
    }

    @Test
    void reservingNeedsASignedInBacker() {
        Api.Response response = api.post("/api/v1/reservations", null, "{\"tierId\":\"00000000-0000-7000-8000-000000000000\"}");

        assertProblem(response, 401, "UNAUTHENTICATED");
        assertProblem(api.get("/api/v1/me/reservations"), 401, "UNAUTHENTICATED");
        assertProblem(api.post("/api/v1/tiers/00000000-0000-7000-8000-000000000000/waitlist", null, null), 401, "UNAUTHENTICATED");
    }

    @Test
    void badReservationRequestsAreRefusedNamingTheField() {
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 3, null);
        Object tierId = Fixtures.tier(campaign, 0).get("id");
        Object unlimited = Fixtures.tier(campaign, 1).get("id");
        String token = backer();

        Api.Response zero = api.post("/api/v1/reservations", token, "{\"tierId\":\"" + tierId + "\",\"quantity\":0}");
        assertProblem(zero, 400, "VALIDATION_FAILED");
        assertThat(zero.errorFields()).containsExactly("quantity");
        Api.Response missing = api.post("/api/v1/reservations", token, "{}");
        assertProblem(missing, 400, "VALIDATION_FAILED");
        assertThat(missing.errorFields()).containsExactly("tierId");
        Api.Response wrongType = api.post("/api/v1/reservations", token, "{\"tierId\":\"" + tierId + "\",\"quantity\":\"2\",\"tier\":1}");
        assertThat(wrongType.errorFields()).containsExactlyInAnyOrder("quantity", "tier");
        assertProblem(reserve(token, "00000000-0000-7000-8000-000000000000"), 404, "TIER_NOT_FOUND");
        // the unlimited tier's event may trail the limited one's by a moment
        await().atMost(Duration.ofSeconds(20)).until(() -> reserve(token, unlimited).status() == 409);
        assertProblem(reserve(token, unlimited), 409, "TIER_UNLIMITED");
        assertThat(api.get("/api/v1/me/reservations?tierId=" + tierId, token).list("reservations")).isEmpty();
    }

    private Map<String, TierAvailability> availability(List<String> tierIds) {
        return ReservationServiceGrpc.newBlockingStub(reservationChannel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getAvailability(GetAvailabilityRequest.newBuilder().addAllTierIds(tierIds).build())
                .getTiersList().stream().collect(java.util.stream.Collectors.toMap(TierAvailability::getTierId, t -> t));
    }
}
