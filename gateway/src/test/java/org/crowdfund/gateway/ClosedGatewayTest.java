package org.crowdfund.gateway;

import io.micronaut.security.token.generator.TokenGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway as an outsider probes it: credentials that do not authenticate are refused even
 * where none are needed, every answer carries the security headers, authenticated answers are
 * never cached, and odd routes, methods, ids and tokens get a 4xx, never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosedGatewayTest {
    private Api api;
    private String creator;
    private String campaignId;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
        creator = api.token(Fixtures.newSubject("creator"), "creator");
        campaignId = Fixtures.active(api, creator);
    }

    private Api.Response getWithAuthorization(String path, String authorization) {
        return api.send(api.request(path, null).header("Authorization", authorization).GET());
    }

    private String expiredToken() {
        long past = Instant.now().minusSeconds(3600).getEpochSecond();
        return api.context().getBean(TokenGenerator.class).generateToken(Map.of("sub", Fixtures.newSubject("backer"),
                "roles", List.of("backer"), "iat", past - 60, "exp", past)).orElseThrow();
    }

    @Test
    void anInvalidTokenIs401EvenOnAPublicRead() {
        String valid = api.token(Fixtures.newSubject("backer"), "backer");
        String[] parts = valid.split("\\.");
        List<String> refusedCredentials = List.of(
                "Bearer not-a-jwt",
                "Bearer " + expiredToken(),
                "Bearer " + parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA",
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbImFkbWluIl19.",
                "Bearer ",
                "Basic Y3JlYXRvcjpzZWNyZXQ=",
                "Token " + valid);
        for (String path : List.of("/api/v1/campaigns", "/api/v1/campaigns/" + campaignId, "/api/v1/dev/users")) {
            assertThat(api.get(path).status()).as("anonymous " + path).isEqualTo(200);
            assertThat(api.get(path, valid).status()).as("valid token " + path).isEqualTo(200);
            for (String authorization : refusedCredentials) {
                Api.Response response = getWithAuthorization(path, authorization);
                assertThat(response.status()).as(path + " with " + authorization + ": " + response).isEqualTo(401);
                assertThat(response.string("code")).isEqualTo("UNAUTHENTICATED");
                assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
            }
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        List<Api.Response> answers = List.of(api.get("/"), api.get("/assets/js/main.js"), api.get("/docs/"),
                api.get("/openapi/crowdfund-api.yml"), api.get("/health"), api.get("/api/v1/campaigns"),
                api.get("/api/v1/campaigns/" + campaignId, creator), api.get("/api/v1/nowhere"),
                api.post("/api/v1/campaigns", null, "{}"), api.get("/api/v1/campaigns?pageSize=0"),
                api.send(api.request("/api/v1/campaigns", null).DELETE()));
        for (Api.Response answer : answers) {
            String csp = answer.header("Content-Security-Policy");
            assertThat(csp).as(answer.raw().uri() + " " + answer.status()).isNotNull()
                    .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }

    @Test
    void authenticatedAnswersAndDevTokensAreNeverStored() {
        List<Api.Response> answers = List.of(api.get("/api/v1/campaigns/" + campaignId, creator),
                api.get("/api/v1/campaigns?pageSize=5", creator), api.get("/api/v1/campaigns/" + campaignId + "/dashboard", creator),
                api.get("/api/v1/me/reservations", creator), api.get("/api/v1/campaigns/not-a-uuid", creator),
                api.post("/api/v1/dev/tokens", null, "{\"subject\":\"cache-probe\",\"roles\":[\"backer\"]}"));
        for (Api.Response answer : answers) {
            assertThat(answer.header("Cache-Control")).as(answer.raw().uri() + " " + answer.status()).isEqualTo("no-store");
        }
        assertThat(api.get("/api/v1/campaigns").header("Vary")).contains("Authorization");
    }

    @Test
    void probesGetA4xxProblemAndNever500() {
        String uuid = "00000000-0000-7000-8000-000000000000";
        List<HttpRequest.Builder> probes = List.of(
                api.request("/api/v1/nothing-here", null).GET(),
                api.request("/api/v1/campaigns/" + uuid + "/nothing", null).GET(),
                api.request("/api/v1/campaigns/" + uuid + ":explode", creator).POST(HttpRequest.BodyPublishers.noBody()),
                api.request("/api/v1/campaigns", creator).PUT(HttpRequest.BodyPublishers.ofString("{}")),
                api.request("/api/v1/campaigns/" + campaignId, creator).DELETE(),
                api.request("/api/v1/tiers/" + uuid, null).method("PATCH", HttpRequest.BodyPublishers.noBody()),
                api.request("/api/v1/campaigns/not-a-uuid", null).GET(),
                api.request("/api/v1/campaigns/%00", null).GET(),
                api.request("/api/v1/campaigns/" + "9".repeat(300), null).GET(),
                api.request("/api/v1/campaigns/%E2%80%AE" + uuid, null).GET(),
                api.request("/api/v1/tiers/%20", null).GET(),
                api.request("/api/v1/reservations/" + uuid, creator).GET(),
                api.request("/api/v1/reservations/" + uuid + ":release", creator).POST(HttpRequest.BodyPublishers.noBody()),
                api.request("/api/v1/waitlist-entries/nope", creator).GET(),
                api.request("/api/v1/campaigns/" + uuid + "/dashboard", creator).GET(),
                api.request("/api/v1/campaigns", null).header("Authorization", "Bearer a.b.c").GET(),
                api.request("/api/v1/campaigns", null).header("Authorization", "Bearer e30.e30.e30").GET(),
                api.request("/api/v1/campaigns", null).header("Authorization", "Bearer " + "x".repeat(4000)).GET(),
                api.request("/api/v1/campaigns", null).header("Authorization", "bearer").GET(),
                api.request("/api/v1/campaigns", creator).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":{\"nested\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}")),
                api.request("/api/v1/campaigns", creator).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})),
                api.request("/api/v1/dev/tokens", null).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("null")),
                api.request("/api/v1/dev/tokens", null).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("\"just a string\"")),
                api.request("/webhooks/stripe", null).GET(),
                api.request("/docs/../../etc/passwd", null).GET(),
                api.request("/assets/%2e%2e/%2e%2e/application.yml", null).GET());
        for (HttpRequest.Builder probe : probes) {
            Api.Response response = api.send(probe);
            String what = probe.build().method() + " " + probe.build().uri() + " -> " + response;
            assertThat(response.status()).as(what).isBetween(400, 499);
            assertThat(response.contentType()).as(what).isEqualTo("application/problem+json");
            assertThat(response.body()).as(what).doesNotContainPattern(StrictRequestsTest.INTERNALS);
        }
    }
}
