package org.crowdfund.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is refused with a problem naming the field and why, and changes nothing: shape
 * errors by the gateway, rule violations by campaign-service (the one place its rules live).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    private Api api;
    private String creatorId;
    private String creator;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
        creatorId = Fixtures.newSubject("creator");
        creator = api.token(creatorId, "creator");
    }

    private Api.Response create(String json) {
        return api.post("/api/v1/campaigns", creator, json);
    }

    private static void assertValidationProblem(Api.Response response, String field, String messagePart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(response.string("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(response.string("detail")).as("the detail names fields as the client wrote them").contains(field);
        assertThat(response.list("errors")).as(response.toString())
                .anySatisfy(e -> assertThat(e).containsEntry("field", field)
                        .satisfies(x -> assertThat(String.valueOf(x.get("message"))).contains(messagePart)));
    }

    private String campaign(String fieldsAfterTitle) {
        return "{\"title\":\"Bad input\",\"fundingModel\":\"all_or_nothing\",\"currency\":\"USD\",\"goalMinor\":100000" + fieldsAfterTitle + "}";
    }

    private int campaignsOfCreator() {
        return api.get("/api/v1/campaigns?creatorId=" + creatorId + "&pageSize=100", creator).list("campaigns").size();
    }

    @Test
    void aMissingTitleIsRefusedNamingTheField() {
        assertValidationProblem(create("{\"currency\":\"USD\",\"goalMinor\":100000}"), "title", "required");
    }

    @Test
    void aBlankTitleIsRefused() {
        assertValidationProblem(create("{\"title\":\"   \",\"currency\":\"USD\",\"goalMinor\":100000}"), "title", "blank");
    }

    @Test
    void aZeroGoalIsRefused() {
        assertValidationProblem(create("{\"title\":\"Zero\",\"currency\":\"USD\",\"goalMinor\":0}"), "goalMinor", "positive");
    }

    @Test
    void aNegativeGoalIsRefused() {
        assertValidationProblem(create("{\"title\":\"Negative\",\"currency\":\"USD\",\"goalMinor\":-5}"), "goalMinor", "positive");
    }

    @Test
    void aGoalAboveTheDocumentedMaximumIsRefused() {
        assertValidationProblem(create("{\"title\":\"Huge\",\"currency\":\"USD\",\"goalMinor\":10000000001}"), "goalMinor", "at most");
    }

    @Test
    void anUnknownCurrencyIsRefused() {
        assertValidationProblem(create("{\"title\":\"Doubloons\",\"currency\":\"XYZ\",\"goalMinor\":100000}"), "currency", "XYZ");
    }

    @Test
    void anEndDateInThePastIsRefused() {
        assertValidationProblem(create(campaign(",\"endAt\":\"" + Fixtures.endAt(Duration.ofDays(-1)) + "\"")), "endAt", "between");
    }

    @Test
    void anEndDateTooFarAheadIsRefused() {
        assertValidationProblem(create(campaign(",\"endAt\":\"" + Fixtures.endAt(Duration.ofDays(61)) + "\"")), "endAt", "between");
    }

    @Test
    void aMissingFundingModelIsRefusedNamingTheValuesTheApiAccepts() {
        Api.Response response = create("{\"title\":\"No model\",\"currency\":\"USD\",\"goalMinor\":100000}");

        assertValidationProblem(response, "fundingModel", "all_or_nothing");
        assertThat(response.body()).as("the message names the values the API accepts, not the proto's")
                .contains("keep_it_all").doesNotContain("ALL_OR_NOTHING", "KEEP_IT_ALL");
    }

    @Test
    void aTierWithAZeroOrNegativeMinimumPledgeIsRefused() {
        String id = Fixtures.draft(api, creator);

        assertValidationProblem(api.post("/api/v1/campaigns/" + id + "/tiers", creator, Fixtures.tierJson("Free", 0, null)),
                "minPledgeMinor", "positive");
        assertValidationProblem(api.post("/api/v1/campaigns/" + id + "/tiers", creator, Fixtures.tierJson("Negative", -100, null)),
                "minPledgeMinor", "positive");
        assertValidationProblem(api.post("/api/v1/campaigns/" + id + "/tiers", creator, Fixtures.tierJson("Too much", 100_000_000, null)),
                "minPledgeMinor", "at most");
        assertValidationProblem(api.post("/api/v1/campaigns/" + id + "/tiers", creator, Fixtures.tierJson("No slots", 500, 0)),
                "quantityLimit", "between");
        assertThat(api.get("/api/v1/campaigns/" + id, creator).list("tiers")).hasSize(1);
    }

    @Test
    void unknownFieldsAndWrongTypesAreRefusedByNameAllAtOnce() {
        Api.Response response = create("{\"title\":42,\"goalMinor\":\"lots\",\"currency\":\"USD\",\"goal\":100,"
                + "\"noRewards\":1,\"endAt\":\"next week\",\"fundingModel\":\"FUNDING_MODEL_ALL_OR_NOTHING\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactlyInAnyOrder("title", "goalMinor", "goal", "noRewards", "endAt", "fundingModel");
        assertThat(response.list("errors")).anySatisfy(e -> assertThat(e).containsEntry("field", "goal")
                .satisfies(x -> assertThat(String.valueOf(x.get("message"))).contains("goalMinor")));
    }

    @Test
    void aFractionalAmountIsNotTruncatedButRefused() {
        assertValidationProblem(create("{\"title\":\"Cents\",\"currency\":\"USD\",\"goalMinor\":1000.5}"), "goalMinor", "whole number");
    }

    @Test
    void malformedJsonIsRefusedWith400() {
        Api.Response response = create("{\"title\": \"unterminated");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(response.string("code")).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertValidationProblem(create("[1, 2, 3]"), "body", "object");
        assertValidationProblem(create(""), "body", "required");
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        String description = "x".repeat(70 * 1024);
        Api.Response response = create("{\"title\":\"Long\",\"description\":\"" + description + "\"}");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(response.string("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(response.string("detail")).contains("65536");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() {
        Api.Response response = api.send(api.request("/api/v1/campaigns", creator).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("title=Hello")));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(response.string("code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void anUnreadableQueryParameterIsRefusedByName() {
        Api.Response size = api.get("/api/v1/campaigns?pageSize=many");
        assertThat(size.status()).isEqualTo(400);
        assertThat(size.errorFields()).containsExactly("pageSize");

        Api.Response status = api.get("/api/v1/campaigns?status=ongoing");
        assertValidationProblem(status, "status", "ongoing");
    }

    @Test
    void anUnknownCampaignIs404() {
        Api.Response response = api.get("/api/v1/campaigns/00000000-0000-7000-8000-000000000000");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(response.string("code")).isEqualTo("CAMPAIGN_NOT_FOUND");
        assertThat(api.patch("/api/v1/campaigns/00000000-0000-7000-8000-000000000000", creator, "{\"title\":\"x\"}").status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/campaigns/00000000-0000-7000-8000-000000000000:launch", creator, null).status())
                .isEqualTo(404);
    }

    @Test
    void anUnknownTierIs404() {
        Api.Response response = api.patch("/api/v1/tiers/00000000-0000-7000-8000-000000000000", creator, "{\"title\":\"x\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.string("code")).isEqualTo("TIER_NOT_FOUND");
    }

    @Test
    void anIdThatIsNotAUuidIsRefusedNamingIt() {
        assertValidationProblem(api.get("/api/v1/campaigns/not-a-uuid"), "campaignId", "UUID");
    }

    @Test
    void anotherCreatorsCampaignCannotBeChanged() {
        String id = Fixtures.draft(api, creator);
        String intruder = api.token(Fixtures.newSubject("creator"), "creator");

        Api.Response patch = api.patch("/api/v1/campaigns/" + id + "", intruder, "{\"title\":\"Mine now\"}");
        Api.Response launch = api.post("/api/v1/campaigns/" + id + ":launch", intruder, null);
        Api.Response tier = api.post("/api/v1/campaigns/" + id + "/tiers", intruder, Fixtures.tierJson("Sneaky", 100, null));

        for (Api.Response response : new Api.Response[]{patch, launch, tier}) {
            assertThat(response.status()).as(response.toString()).isIn(403, 404);
            assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        }
        Map<String, Object> unchanged = api.get("/api/v1/campaigns/" + id, creator).json();
        assertThat(unchanged).containsEntry("status", "draft");
        assertThat((String) unchanged.get("title")).startsWith("Draft ");
    }

    @Test
    void anotherCreatorsActiveCampaignIs403() {
        String id = Fixtures.active(api, creator);
        String intruder = api.token(Fixtures.newSubject("creator"), "creator");

        Api.Response patch = api.patch("/api/v1/campaigns/" + id, intruder, "{\"title\":\"Mine now\"}");
        Api.Response cancel = api.post("/api/v1/campaigns/" + id + ":cancel", intruder, null);
        Api.Response dashboard = api.get("/api/v1/campaigns/" + id + "/dashboard", intruder);

        for (Api.Response response : new Api.Response[]{patch, cancel, dashboard}) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.string("code")).isEqualTo("PERMISSION_DENIED");
        }
        assertThat(api.get("/api/v1/campaigns/" + id).json()).containsEntry("status", "active")
                .doesNotContainEntry("title", "Mine now");
    }

    @Test
    void aBackerCannotCreateCampaigns() {
        String backer = api.token(Fixtures.newSubject("backer"), "backer");

        Api.Response response = api.post("/api/v1/campaigns", backer, Fixtures.campaignJson("Not a creator"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.string("code")).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void launchingTwiceIsAConflict() {
        String id = Fixtures.active(api, creator);

        Api.Response again = api.post("/api/v1/campaigns/" + id + ":launch", creator, null);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(again.string("code")).isEqualTo("CAMPAIGN_NOT_DRAFT");
        assertThat(again.string("detail")).contains(id);
    }

    @Test
    void aRefusedCreateOrUpdateChangesNothing() {
        int before = campaignsOfCreator();
        String id = Fixtures.draft(api, creator);
        Map<String, Object> original = api.get("/api/v1/campaigns/" + id, creator).json();

        assertThat(create("{\"title\":\"\",\"currency\":\"XYZ\",\"goalMinor\":-1}").status()).isEqualTo(400);
        assertThat(create("{\"title\":\"Typo\",\"goalMinr\":100}").status()).isEqualTo(400);
        assertThat(api.patch("/api/v1/campaigns/" + id, creator, "{\"goalMinor\":0,\"title\":\"Changed\"}").status()).isEqualTo(400);
        assertThat(api.patch("/api/v1/campaigns/" + id, creator, "{\"title\":\"Changed\",\"colour\":\"red\"}").status()).isEqualTo(400);

        assertThat(campaignsOfCreator()).isEqualTo(before + 1);
        assertThat(api.get("/api/v1/campaigns/" + id, creator).json()).isEqualTo(original);
    }

    @Test
    void launchingWithoutAnEndDateIsRefusedAndTheDraftStaysADraft() {
        Api.Response created = create("{\"title\":\"No deadline\",\"fundingModel\":\"all_or_nothing\",\"currency\":\"USD\","
                + "\"goalMinor\":100000,\"noRewards\":true}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.string("id");

        Api.Response launch = api.post("/api/v1/campaigns/" + id + ":launch", creator, null);

        assertThat(launch.status()).as(launch.toString()).isIn(400, 409);
        assertThat(launch.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(api.get("/api/v1/campaigns/" + id, creator).string("status")).isEqualTo("draft");
    }
}
