package org.crowdfund.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every campaign and tier endpoint, used as the web page uses it, against the real campaign-service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignEndpointsTest {
    private Api api;
    private String creatorId;
    private String creator;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
        creatorId = Fixtures.newSubject("creator");
        creator = api.token(creatorId, "creator");
    }

    @Test
    void creatingACampaignAnswers201WithItsLocationAndTheDraftInRestShape() {
        Api.Response created = api.post("/api/v1/campaigns", creator, Fixtures.campaignJson("Solar kettle"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.string("id");
        assertThat(created.header("Location")).isEqualTo("/api/v1/campaigns/" + id);
        Map<String, Object> campaign = created.json();
        assertThat(campaign).containsEntry("title", "Solar kettle").containsEntry("creatorId", creatorId)
                .containsEntry("status", "draft").containsEntry("fundingModel", "all_or_nothing")
                .containsEntry("currency", "USD").containsEntry("goalMinor", 500000).containsEntry("pledgedMinor", 0)
                .containsEntry("launchedAt", null).containsEntry("tiers", List.of());
        assertThat((String) campaign.get("endAt")).endsWith("Z");
        assertThat(campaign).containsKeys("createdAt", "updatedAt", "pledgeCutoffAt", "version", "milestonesReached");
    }

    @Test
    void theSameIdempotencyKeyCreatesTheCampaignOnce() {
        String json = Fixtures.campaignJson("Once only");
        Api.Response first = api.post("/api/v1/campaigns", creator, json, "Idempotency-Key", "create-once-" + creatorId);
        Api.Response again = api.post("/api/v1/campaigns", creator, json, "Idempotency-Key", "create-once-" + creatorId);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isIn(200, 201);
        assertThat(again.string("id")).isEqualTo(first.string("id"));
    }

    @Test
    void aCampaignIsReadBackByItsId() {
        String id = Fixtures.draft(api, creator);

        Api.Response read = api.get("/api/v1/campaigns/" + id, creator);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.string("id")).isEqualTo(id);
        assertThat(read.list("tiers")).singleElement().satisfies(tier -> assertThat(tier)
                .containsEntry("title", "Early bird").containsEntry("minPledgeMinor", 2500)
                .containsEntry("quantityLimit", 10).containsEntry("quantityClaimed", 0)
                .containsEntry("estimatedDelivery", "2027-06-01").containsEntry("campaignId", id));
    }

    @Test
    void patchingADraftChangesOnlyTheFieldsGiven() {
        String id = Fixtures.draft(api, creator);

        Api.Response patched = api.patch("/api/v1/campaigns/" + id, creator,
                "{\"title\":\"Renamed\",\"goalMinor\":750000,\"fundingModel\":\"keep_it_all\"}");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json()).containsEntry("title", "Renamed").containsEntry("goalMinor", 750000)
                .containsEntry("fundingModel", "keep_it_all").containsEntry("description", "A test campaign")
                .containsEntry("currency", "USD");
    }

    @Test
    void tiersAreAddedUnderTheirCampaignAndChangedByTheirOwnId() {
        String id = Fixtures.draft(api, creator);

        Api.Response added = api.post("/api/v1/campaigns/" + id + "/tiers", creator, Fixtures.tierJson("Unlimited", 1000, null),
                "Idempotency-Key", "tier-" + id);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String tierId = added.string("id");
        assertThat(added.header("Location")).isEqualTo("/api/v1/tiers/" + tierId);
        assertThat(added.json()).containsEntry("quantityLimit", null).containsEntry("campaignId", id);

        Api.Response limited = api.patch("/api/v1/tiers/" + tierId, creator, "{\"quantityLimit\":50,\"title\":\"Limited\"}");
        assertThat(limited.status()).as(limited.toString()).isEqualTo(200);
        assertThat(limited.json()).containsEntry("quantityLimit", 50).containsEntry("title", "Limited");

        Api.Response unlimited = api.patch("/api/v1/tiers/" + tierId, creator, "{\"clearQuantityLimit\":true}");
        assertThat(unlimited.json()).containsEntry("quantityLimit", null);

        Api.Response read = api.get("/api/v1/tiers/" + tierId, creator);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.object("tier")).containsEntry("id", tierId);
        assertThat(read.object("campaign")).containsEntry("id", id);
    }

    @Test
    void launchingMakesTheCampaignActiveAndPublic() {
        String id = Fixtures.draft(api, creator);

        Api.Response launched = api.post("/api/v1/campaigns/" + id + ":launch", creator, null);

        assertThat(launched.status()).as(launched.toString()).isEqualTo(200);
        assertThat(launched.json()).containsEntry("status", "active");
        assertThat(launched.string("launchedAt")).isNotNull();
        Api.Response anonymous = api.get("/api/v1/campaigns/" + id);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.string("status")).isEqualTo("active");
    }

    @Test
    void launchAcceptsAnEmptyJsonBodyAsBrowsersSendIt() {
        String id = Fixtures.draft(api, creator);

        Api.Response launched = api.post("/api/v1/campaigns/" + id + ":launch", creator, "{}");

        assertThat(launched.status()).as(launched.toString()).isEqualTo(200);
        assertThat(launched.string("status")).isEqualTo("active");
    }

    @Test
    void cancellingRecordsTheReason() {
        String id = Fixtures.active(api, creator);

        Api.Response cancelled = api.post("/api/v1/campaigns/" + id + ":cancel", creator, "{\"reason\":\"Supplier closed\"}");

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json()).containsEntry("status", "cancelled").containsEntry("cancelReason", "Supplier closed");
        assertThat(cancelled.string("cancelledAt")).isNotNull();
    }

    @Test
    void aDraftIsCancelledWithoutABody() {
        String id = Fixtures.draft(api, creator);

        Api.Response cancelled = api.post("/api/v1/campaigns/" + id + ":cancel", creator, null);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.string("status")).isEqualTo("cancelled");
    }

    @Test
    void theListFiltersByCreatorAndStatusAndPagesWithTokens() {
        String otherCreator = Fixtures.newSubject("creator");
        String token = api.token(otherCreator, "creator");
        String first = Fixtures.active(api, token);
        String second = Fixtures.active(api, token);
        String third = Fixtures.active(api, token);
        Fixtures.draft(api, token);

        Api.Response page1 = api.get("/api/v1/campaigns?creatorId=" + otherCreator + "&status=active&pageSize=2");
        assertThat(page1.status()).as(page1.toString()).isEqualTo(200);
        assertThat(page1.list("campaigns")).hasSize(2).allSatisfy(c -> assertThat(c).containsEntry("status", "active"));
        String next = page1.string("nextPageToken");
        assertThat(next).isNotBlank();

        Api.Response page2 = api.get("/api/v1/campaigns?creatorId=" + otherCreator + "&status=active&pageSize=2&pageToken="
                + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page2.status()).as(page2.toString()).isEqualTo(200);
        assertThat(page2.list("campaigns")).hasSize(1);
        assertThat(page2.string("nextPageToken")).isNull();

        List<Object> ids = new java.util.ArrayList<>();
        page1.list("campaigns").forEach(c -> ids.add(c.get("id")));
        page2.list("campaigns").forEach(c -> ids.add(c.get("id")));
        assertThat(ids).containsExactlyInAnyOrder(first, second, third);

        Api.Response both = api.get("/api/v1/campaigns?creatorId=" + otherCreator + "&status=active,draft", token);
        assertThat(both.list("campaigns")).hasSize(4);
        Api.Response repeated = api.get("/api/v1/campaigns?creatorId=" + otherCreator + "&status=active&status=draft", token);
        assertThat(repeated.list("campaigns")).hasSize(4);
    }

    @Test
    void creatorUpdatesArePostedAndListedNewestFirst() {
        String id = Fixtures.active(api, creator);

        Api.Response posted = api.post("/api/v1/campaigns/" + id + "/updates", creator,
                "{\"title\":\"Prototype works\",\"body\":\"It boils water.\"}", "Idempotency-Key", "update-" + id);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        assertThat(posted.json()).containsEntry("title", "Prototype works").containsEntry("authorId", creatorId)
                .containsEntry("campaignId", id);
        api.post("/api/v1/campaigns/" + id + "/updates", creator, "{\"title\":\"Shipping\",\"body\":\"Boxes ordered.\"}");
        Api.Response repeated = api.post("/api/v1/campaigns/" + id + "/updates", creator,
                "{\"title\":\"Prototype works\",\"body\":\"It boils water.\"}", "Idempotency-Key", "update-" + id);
        assertThat(repeated.string("id")).isEqualTo(posted.string("id"));

        Api.Response list = api.get("/api/v1/campaigns/" + id + "/updates");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.list("updates")).extracting(u -> u.get("title")).containsExactly("Shipping", "Prototype works");
    }

    @Test
    void theCreatorSeesTheDashboard() {
        String id = Fixtures.active(api, creator);

        Api.Response dashboard = api.get("/api/v1/campaigns/" + id + "/dashboard", creator);

        assertThat(dashboard.status()).as(dashboard.toString()).isEqualTo(200);
        assertThat(dashboard.json()).containsEntry("campaignId", id).containsEntry("currency", "USD")
                .containsEntry("goalMinor", 500000).containsEntry("pledgeCount", 0).containsEntry("pledgedMinor", 0)
                .containsEntry("countries", List.of()).containsEntry("daily", List.of());
        assertThat(dashboard.list("tiers")).singleElement().satisfies(t -> assertThat(t)
                .containsEntry("title", "Early bird").containsEntry("pledgeCount", 0).containsEntry("quantityLimit", 10));
    }

    @Test
    void theRequestIdIsEchoedAndAPlainOneFromTheCallerIsKept() {
        Api.Response response = api.send(api.request("/api/v1/campaigns?pageSize=1", null).header("X-Request-Id", "trace-12345678").GET());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isEqualTo("trace-12345678");
        assertThat(api.get("/api/v1/campaigns?pageSize=1").header("X-Request-Id")).isNotBlank();
    }
}
