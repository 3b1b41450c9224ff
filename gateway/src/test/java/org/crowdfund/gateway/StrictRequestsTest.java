package org.crowdfund.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies and query parameters are read strictly, once, before any controller: one JSON
 * document sent as application/json, each member once, text without control characters, only
 * the query parameters a route declares with values of their type. A refused request changes
 * nothing, and no problem shows the parser's or the framework's internals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictRequestsTest {
    /** What a problem must never contain: class and package names, parser wording, stack fragments. */
    static final Pattern INTERNALS = Pattern.compile(
            "(?i)jackson|micronaut|netty|java\\.|javax\\.|io\\.|com\\.fasterxml|exception|\\bat \\[source|\\$|\\.class|"
                    + "Failed to convert|For input string|Unexpected character|Unrecognized token|expected close marker");
    private final List<Api.Response> refusals = new ArrayList<>();
    private Api api;
    private String creatorId;
    private String creator;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
        creatorId = Fixtures.newSubject("creator");
        creator = api.token(creatorId, "creator");
    }

    private Api.Response refused(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.string("code")).isEqualTo(code);
        assertThat(response.body()).as("a problem never shows internals").doesNotContainPattern(INTERNALS);
        refusals.add(response);
        return response;
    }

    private Api.Response postRaw(String path, String contentType, String body) {
        HttpRequest.Builder request = api.request(path, creator).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return api.send(request);
    }

    private int campaignsOfCreator() {
        Api.Response page = api.get("/api/v1/campaigns?creatorId=" + creatorId + "&pageSize=100", creator);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.list("campaigns").size();
    }

    private static String campaign(String title) {
        return "{\"title\":\"" + title + "\",\"fundingModel\":\"all_or_nothing\",\"currency\":\"USD\",\"goalMinor\":100000}";
    }

    @Test
    void aBodyWithTrailingDataIsRefusedAndCreatesNothing() {
        int before = campaignsOfCreator();

        refused(api.post("/api/v1/campaigns", creator, campaign("First") + " " + campaign("Second")), 400, "MALFORMED_JSON");
        refused(api.post("/api/v1/campaigns", creator, campaign("First") + " trailing"), 400, "MALFORMED_JSON");
        refused(api.post("/api/v1/campaigns", creator, campaign("First") + "]"), 400, "MALFORMED_JSON");

        assertThat(campaignsOfCreator()).isEqualTo(before);
    }

    @Test
    void aRepeatedMemberIsRefusedNamingItAndChangesNothing() {
        String id = Fixtures.draft(api, creator);
        Map<String, Object> original = api.get("/api/v1/campaigns/" + id, creator).json();
        int before = campaignsOfCreator();

        Api.Response create = refused(api.post("/api/v1/campaigns", creator,
                "{\"title\":\"One\",\"title\":\"Two\",\"fundingModel\":\"all_or_nothing\",\"currency\":\"USD\",\"goalMinor\":1}"),
                400, "VALIDATION_FAILED");
        Api.Response patch = refused(api.patch("/api/v1/campaigns/" + id, creator, "{\"goalMinor\":100,\"goalMinor\":999999}"),
                400, "VALIDATION_FAILED");

        assertThat(create.errorFields()).containsExactly("title");
        assertThat(patch.errorFields()).containsExactly("goalMinor");
        assertThat(campaignsOfCreator()).isEqualTo(before);
        assertThat(ownFields(api.get("/api/v1/campaigns/" + id, creator).json())).isEqualTo(ownFields(original));
    }

    /**
     * What a refused create or patch could have changed. Slots left come from reservation-service
     * and appear once it has seen the tier's event, so the whole document is not compared.
     */
    private static Map<String, Object> ownFields(Map<String, Object> campaign) {
        Map<String, Object> own = new java.util.HashMap<>();
        for (String field : List.of("title", "description", "goalMinor", "currency", "fundingModel", "endAt", "version", "status")) {
            own.put(field, campaign.get(field));
        }
        own.put("tierCount", ((List<?>) campaign.get("tiers")).size());
        return own;
    }

    @Test
    void aBodyWithoutJsonContentTypeIs415AndCreatesNothing() {
        int before = campaignsOfCreator();

        refused(postRaw("/api/v1/campaigns", null, campaign("No type")), 415, "UNSUPPORTED_MEDIA_TYPE");
        refused(postRaw("/api/v1/campaigns", "text/plain", campaign("Text")), 415, "UNSUPPORTED_MEDIA_TYPE");
        refused(postRaw("/api/v1/campaigns", "application/x-www-form-urlencoded", "title=Form"), 415, "UNSUPPORTED_MEDIA_TYPE");
        refused(postRaw("/api/v1/campaigns", "application/json; charset=iso-8859-1", campaign("Latin")), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        Api.Response utf8 = postRaw("/api/v1/campaigns", "application/json; charset=UTF-8", campaign("Unicode ✓"));

        assertThat(utf8.status()).as(utf8.toString()).isEqualTo(201);
        assertThat(campaignsOfCreator()).isEqualTo(before + 1);
    }

    @Test
    void controlCharactersInTextAreRefusedNamingTheField() {
        int before = campaignsOfCreator();

        Api.Response nul = refused(api.post("/api/v1/campaigns", creator, campaign("Nul\\u0000here")), 400, "VALIDATION_FAILED");
        Api.Response escape = refused(api.post("/api/v1/campaigns", creator,
                "{\"title\":\"Fine\",\"description\":\"bell \\u0007 and escape \\u001b[31m\",\"fundingModel\":\"all_or_nothing\","
                        + "\"currency\":\"USD\",\"goalMinor\":100000}"), 400, "VALIDATION_FAILED");
        Api.Response lineBreakInTitle = refused(api.post("/api/v1/campaigns", creator, campaign("Two\\nlines")), 400,
                "VALIDATION_FAILED");
        Api.Response del = refused(api.post("/api/v1/campaigns", creator, campaign("Delete\\u007f")), 400, "VALIDATION_FAILED");
        Api.Response loneSurrogate = refused(api.post("/api/v1/campaigns", creator, campaign("Half \\ud83d pair")), 400,
                "VALIDATION_FAILED");

        assertThat(nul.errorFields()).containsExactly("title");
        assertThat(nul.string("detail")).contains("U+0000");
        assertThat(escape.errorFields()).containsExactly("description");
        assertThat(lineBreakInTitle.errorFields()).containsExactly("title");
        assertThat(del.errorFields()).containsExactly("title");
        assertThat(loneSurrogate.errorFields()).containsExactly("title");
        assertThat(campaignsOfCreator()).isEqualTo(before);
    }

    @Test
    void multiLineTextKeepsItsLineBreaks() {
        Api.Response created = api.post("/api/v1/campaigns", creator, "{\"title\":\"Lines\",\"description\":\"First line\\nSecond"
                + "\\tindented\",\"fundingModel\":\"keep_it_all\",\"currency\":\"EUR\",\"goalMinor\":100000}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.string("description")).isEqualTo("First line\nSecond\tindented");
    }

    @Test
    void nestedFieldsAreNamedByTheirPath() {
        Api.Response response = refused(api.post("/api/v1/dev/tokens", null,
                "{\"subject\":\"someone\",\"roles\":[\"backer\",\"cre\\u0000ator\"]}"), 400, "VALIDATION_FAILED");

        assertThat(response.errorFields()).containsExactly("roles[1]");
    }

    @Test
    void unknownOrRepeatedQueryParametersAreRefusedByName() {
        Api.Response typo = refused(api.get("/api/v1/campaigns?pagesize=5"), 400, "VALIDATION_FAILED");
        Api.Response twice = refused(api.get("/api/v1/campaigns?pageSize=5&pageSize=50"), 400, "VALIDATION_FAILED");
        Api.Response none = refused(api.get("/api/v1/campaigns/00000000-0000-7000-8000-000000000000/dashboard?verbose=true",
                creator), 400, "VALIDATION_FAILED");

        assertThat(typo.errorFields()).containsExactly("pagesize");
        assertThat(typo.string("detail")).contains("pageSize", "pageToken", "status", "creatorId");
        assertThat(twice.errorFields()).containsExactly("pageSize");
        assertThat(none.string("detail")).contains("takes no query parameters");
        assertThat(api.get("/api/v1/campaigns?status=active&status=funded").status()).isEqualTo(200);
    }

    @Test
    void pageSizesOutsideOneToAHundredAreRefusedInsteadOfDefaulted() {
        for (String size : new String[]{"0", "-1", "101", "100000000000", "ten", "1.5", ""}) {
            Api.Response response = refused(api.get("/api/v1/campaigns?pageSize=" + size), 400, "VALIDATION_FAILED");
            assertThat(response.errorFields()).containsExactly("pageSize");
            assertThat(response.string("detail")).contains("1 to 100");
        }
        assertThat(api.get("/api/v1/campaigns?pageSize=100").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/campaigns?pageSize=1").status()).isEqualTo(200);
    }

    @Test
    void booleansPageTokensAndEnumsAreChecked() {
        String backer = api.token(Fixtures.newSubject("backer"), "backer");

        Api.Response yes = refused(api.get("/api/v1/me/reservations?activeOnly=yes", backer), 400, "VALIDATION_FAILED");
        Api.Response token = refused(api.get("/api/v1/campaigns?pageToken=%00%01"), 400, "VALIDATION_FAILED");
        Api.Response forged = refused(api.get("/api/v1/campaigns?pageToken=bm90LWEtdG9rZW4"), 400, "VALIDATION_FAILED");
        Api.Response status = refused(api.get("/api/v1/campaigns?status=ACTIVE"), 400, "VALIDATION_FAILED");
        Api.Response control = refused(api.get("/api/v1/campaigns?creatorId=abc%07"), 400, "VALIDATION_FAILED");

        assertThat(yes.errorFields()).containsExactly("activeOnly");
        assertThat(yes.string("detail")).contains("true or false");
        assertThat(token.errorFields()).containsExactly("pageToken");
        assertThat(forged.errorFields()).containsExactly("pageToken");
        assertThat(status.string("detail")).contains("active", "partially_funded");
        assertThat(control.errorFields()).containsExactly("creatorId");
        assertThat(api.get("/api/v1/me/reservations?activeOnly=true", backer).status()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsReportedByPositionWithoutTheParsersWords() {
        Api.Response response = refused(api.post("/api/v1/campaigns", creator, "{\"title\": 'single quotes'}"), 400,
                "MALFORMED_JSON");

        assertThat(response.string("detail")).contains("line 1", "column");
    }
}
