package org.crowdfund.gateway;

import org.crowdfund.gateway.api.ProtoEnums;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.reservation.v1.ReservationStatus;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document says what the API does: a request schema's required fields are exactly
 * those the API refuses to go without, its enum values are the spellings the API reads and
 * writes; and a campaign shows the reservation time actually applied to its holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest {
    private Api api;
    private String creator;
    private Map<String, Object> schemas;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void start() {
        api = GatewayHarness.api();
        creator = api.token(Fixtures.newSubject("creator"), "creator");
        Map<String, Object> document = new Yaml().load(api.get("/openapi/crowdfund-api.yml").body());
        schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> schema(String name) {
        assertThat(schemas).containsKey(name);
        return (Map<String, Object>) schemas.get(name);
    }

    @SuppressWarnings("unchecked")
    private List<String> required(String schema) {
        return (List<String>) schema(schema).getOrDefault("required", List.of());
    }

    @SuppressWarnings("unchecked")
    private List<String> enumOf(String schema, String property) {
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) schema(schema).get("properties")).get(property);
        return (List<String>) p.get("enum");
    }

    /**
     * Sends {@code complete} once without each of its fields: the API must refuse it naming the
     * field exactly when the schema lists the field as required, and accept it otherwise.
     */
    private void assertRequiredFieldsAreThoseTheApiNeeds(String schema, Map<String, String> complete,
                                                         Function<String, Api.Response> send, int created) {
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) schema(schema).get("properties");
        assertThat(properties.keySet()).as("every field of " + schema + " is tried")
                .containsExactlyInAnyOrderElementsOf(complete.keySet());
        for (String left : complete.keySet()) {
            Map<String, String> body = new LinkedHashMap<>(complete);
            body.remove(left);
            String json = "{" + String.join(",", body.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).toList()) + "}";
            Api.Response response = send.apply(json);
            if (required(schema).contains(left)) {
                assertThat(response.status()).as(schema + " without required " + left + ": " + response).isEqualTo(400);
                assertThat(response.errorFields()).as(schema + " without " + left).contains(left);
            } else {
                assertThat(response.status()).as(schema + " without optional " + left + ": " + response).isEqualTo(created);
            }
        }
    }

    @Test
    void aDraftNeedsExactlyTheFieldsCreateCampaignMarksRequired() {
        Map<String, String> complete = new LinkedHashMap<>();
        complete.put("title", "\"Contract\"");
        complete.put("description", "\"All fields\"");
        complete.put("fundingModel", "\"all_or_nothing\"");
        complete.put("currency", "\"USD\"");
        complete.put("goalMinor", "100000");
        complete.put("endAt", "\"" + Fixtures.endAt(Duration.ofDays(20)) + "\"");
        complete.put("pledgeCutoffHours", "24");
        complete.put("noRewards", "false");
        complete.put("reservationTtlMinutes", "15");

        assertThat(required("CreateCampaign")).contains("title", "fundingModel", "currency", "goalMinor").doesNotContain("endAt");
        assertRequiredFieldsAreThoseTheApiNeeds("CreateCampaign", complete, json -> api.post("/api/v1/campaigns", creator, json), 201);
    }

    @Test
    void aTierNeedsExactlyTheFieldsAddTierMarksRequired() {
        String draft = Fixtures.draft(api, creator);
        Map<String, String> complete = new LinkedHashMap<>();
        complete.put("title", "\"Reward\"");
        complete.put("description", "\"A reward\"");
        complete.put("minPledgeMinor", "2500");
        complete.put("quantityLimit", "5");
        complete.put("estimatedDelivery", "\"2027-06-01\"");

        assertRequiredFieldsAreThoseTheApiNeeds("AddTier", complete,
                json -> api.post("/api/v1/campaigns/" + draft + "/tiers", creator, json), 201);
    }

    @Test
    void aDevTokenNeedsExactlyTheFieldsDevTokenRequestMarksRequired() {
        Map<String, String> complete = new LinkedHashMap<>();
        complete.put("subject", "\"contract-" + TestInfra.shortId() + "\"");
        complete.put("roles", "[\"backer\"]");
        complete.put("email", "\"contract@example.test\"");
        complete.put("name", "\"Contract Test\"");

        assertRequiredFieldsAreThoseTheApiNeeds("DevTokenRequest", complete, json -> api.post("/api/v1/dev/tokens", null, json), 200);
    }

    @Test
    void changesNeedNoFieldAtAll() {
        for (String schema : List.of("UpdateCampaign", "UpdateTier", "JoinWaitlist", "CancelCampaign")) {
            assertThat(required(schema)).as(schema + " changes only the fields given").isEmpty();
        }
    }

    @Test
    void enumValuesAreSpelledAsTheApiReadsAndWritesThem() {
        assertThat(api.get("/openapi/crowdfund-api.yml").body()).as("proto spellings never reach the document")
                .doesNotContain("FUNDING_MODEL_", "CAMPAIGN_STATUS_", "RESERVATION_STATUS_", "ALL_OR_NOTHING");
        assertThat(enumOf("CreateCampaign", "fundingModel")).containsExactlyInAnyOrderElementsOf(ProtoEnums.wireNames(FundingModel.class));
        assertThat(enumOf("UpdateCampaign", "fundingModel")).containsExactlyInAnyOrderElementsOf(ProtoEnums.wireNames(FundingModel.class));
        assertThat(enumOf("Campaign", "fundingModel")).containsExactlyInAnyOrderElementsOf(ProtoEnums.wireNames(FundingModel.class));
        assertThat(enumOf("Campaign", "status")).containsExactlyInAnyOrderElementsOf(ProtoEnums.wireNames(CampaignStatus.class));
        assertThat(enumOf("Reservation", "status")).containsExactlyInAnyOrderElementsOf(ProtoEnums.wireNames(ReservationStatus.class));
        for (String model : enumOf("CreateCampaign", "fundingModel")) {
            Api.Response created = api.post("/api/v1/campaigns", creator, "{\"title\":\"Model " + model + "\",\"fundingModel\":\""
                    + model + "\",\"currency\":\"USD\",\"goalMinor\":100000}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.string("fundingModel")).isEqualTo(model);
        }
        for (String status : enumOf("Campaign", "status")) {
            assertThat(api.get("/api/v1/campaigns?pageSize=1&status=" + status).status()).as(status).isEqualTo(200);
        }
    }

    @Test
    void aCampaignShowsTheReservationTimeItsHoldsGet() {
        String backer = api.token(Fixtures.newSubject("backer"), "backer");
        Api.Response byDefault = Fixtures.activeWithTiers(api, creator, 5);

        Api.Response created = api.post("/api/v1/campaigns", creator, "{\"title\":\"Seven minutes\",\"fundingModel\":\"all_or_nothing\","
                + "\"currency\":\"USD\",\"goalMinor\":100000,\"endAt\":\"" + Fixtures.endAt(Duration.ofDays(20))
                + "\",\"reservationTtlMinutes\":7}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String custom = created.string("id");
        assertThat(api.post("/api/v1/campaigns/" + custom + "/tiers", creator, Fixtures.tierJson("Tier 0", 1000, 5)).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/campaigns/" + custom + ":launch", creator, null).status()).isEqualTo(200);
        Api.Response withOwnTime = Fixtures.awaitSlotsKnown(api, custom);

        for (Api.Response campaign : List.of(byDefault, withOwnTime)) {
            long shown = campaign.number("reservationTtlMinutes");
            Api.Response hold = api.post("/api/v1/reservations", backer, "{\"tierId\":\"" + Fixtures.tier(campaign, 0).get("id") + "\"}");
            assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
            Duration held = Duration.between(Instant.parse(hold.string("createdAt")), Instant.parse(hold.string("expiresAt")));
            assertThat(held).as("campaign " + campaign.string("title") + " shows " + shown + " min").isEqualTo(Duration.ofMinutes(shown));
        }
        assertThat(withOwnTime.number("reservationTtlMinutes")).isEqualTo(7);
    }
}
