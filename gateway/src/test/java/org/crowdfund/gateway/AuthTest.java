package org.crowdfund.gateway;

import io.micronaut.security.token.generator.TokenGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bearer tokens: reads are public, writes need a valid token, and the caller reaches the service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTest {
    private Api api;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
    }

    private static void assertUnauthenticated(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.string("code")).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void writingWithoutATokenIs401() {
        assertUnauthenticated(api.post("/api/v1/campaigns", null, Fixtures.campaignJson("Anonymous")));
        assertUnauthenticated(api.post("/api/v1/campaigns/00000000-0000-7000-8000-000000000000:launch", null, null));
        assertUnauthenticated(api.patch("/api/v1/tiers/00000000-0000-7000-8000-000000000000", null, "{}"));
    }

    @Test
    void anExpiredTokenIs401AndSaysSo() {
        long past = Instant.now().minusSeconds(3600).getEpochSecond();
        String expired = api.context().getBean(TokenGenerator.class).generateToken(Map.of(
                "sub", Fixtures.newSubject("creator"), "roles", List.of("creator"), "iat", past - 60, "exp", past)).orElseThrow();

        Api.Response response = api.post("/api/v1/campaigns", expired, Fixtures.campaignJson("Too late"));

        assertUnauthenticated(response);
        assertThat(response.string("detail")).contains("expired");
    }

    @Test
    void aTokenSignedWithAnotherSecretIs401() {
        String token = api.token(Fixtures.newSubject("creator"), "creator");
        String[] parts = token.split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"someone-else\",\"roles\":[\"admin\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertUnauthenticated(api.post("/api/v1/campaigns", parts[0] + "." + forgedPayload + "." + parts[2],
                Fixtures.campaignJson("Forged")));
        assertUnauthenticated(api.post("/api/v1/campaigns", "not-a-jwt", Fixtures.campaignJson("Garbage")));
    }

    @Test
    void readsArePublicAndDraftsStayPrivateToTheirCreator() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String active = Fixtures.active(api, creator);
        String draft = Fixtures.draft(api, creator);

        assertThat(api.get("/api/v1/campaigns").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/campaigns/" + active).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/campaigns/" + active + "/updates").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/campaigns/" + draft).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/campaigns/" + draft, creator).status()).isEqualTo(200);
    }

    @Test
    void theDashboardNeedsAToken() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String id = Fixtures.active(api, creator);

        assertUnauthenticated(api.get("/api/v1/campaigns/" + id + "/dashboard"));
    }

    @Test
    void theTokensSubjectIsTheCreatorTheServiceRecords() {
        String subject = Fixtures.newSubject("creator");
        String token = api.token(subject, "creator");

        Api.Response created = api.post("/api/v1/campaigns", token, Fixtures.campaignJson("Mine"));

        assertThat(created.string("creatorId")).isEqualTo(subject);
    }

    @Test
    void anAdminMayChangeAnyCampaign() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String admin = api.token(Fixtures.newSubject("admin"), "admin");
        String id = Fixtures.active(api, creator);

        Api.Response cancelled = api.post("/api/v1/campaigns/" + id + ":cancel", admin, "{\"reason\":\"Terms violation\"}");

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.string("status")).isEqualTo("cancelled");
    }

    @Test
    void devTokensCarryTheRequestedRolesAndExpire() {
        Api.Response response = api.post("/api/v1/dev/tokens", null,
                "{\"subject\":\"someone\",\"roles\":[\"backer\",\"creator\"],\"email\":\"s@example.test\",\"name\":\"Some One\"}");

        assertThat(response.status()).isEqualTo(200);
        String payload = new String(Base64.getUrlDecoder().decode(response.string("token").split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(payload).contains("\"sub\":\"someone\"", "\"backer\"", "\"creator\"", "\"email\":\"s@example.test\"",
                "\"name\":\"Some One\"", "\"exp\":");
        assertThat(Instant.parse(response.string("expiresAt"))).isAfter(Instant.now());
    }

    @Test
    void devTokensAreRefusedForUnknownRolesOrWithoutASubject() {
        Api.Response noSubject = api.post("/api/v1/dev/tokens", null, "{\"subject\":\" \",\"roles\":[\"creator\"]}");
        Api.Response serviceRole = api.post("/api/v1/dev/tokens", null, "{\"subject\":\"x\",\"roles\":[\"service\"]}");
        Api.Response noRoles = api.post("/api/v1/dev/tokens", null, "{\"subject\":\"x\",\"roles\":[]}");

        assertThat(noSubject.status()).isEqualTo(400);
        assertThat(noSubject.errorFields()).containsExactly("subject");
        assertThat(serviceRole.errorFields()).containsExactly("roles");
        assertThat(noRoles.errorFields()).containsExactly("roles");
    }

    @Test
    void devTokensAreRefusedForMalformedSubjectsRolesEmailsAndNames() {
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("{\"subject\":\"has space\",\"roles\":[\"backer\"]}", "subject");
        refusals.put("{\"subject\":\"-leading-dash\",\"roles\":[\"backer\"]}", "subject");
        refusals.put("{\"subject\":\"" + "s".repeat(101) + "\",\"roles\":[\"backer\"]}", "subject");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"backer\",\"backer\"]}", "roles");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"Creator\"]}", "roles");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"backer\"],\"email\":\"not-an-address\"}", "email");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"backer\"],\"email\":\"a@b\"}", "email");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"backer\"],\"email\":\"x@" + "d".repeat(250) + ".test\"}", "email");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"backer\"],\"email\":\"\"}", "email");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"backer\"],\"name\":\"" + "n".repeat(101) + "\"}", "name");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"backer\"],\"name\":\"  \"}", "name");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"backer\"],\"name\":\"Two\\nlines\"}", "name");
        refusals.put("{\"subject\":\"ok\",\"roles\":[\"backer\"],\"admin\":true}", "admin");

        refusals.forEach((body, field) -> {
            Api.Response response = api.post("/api/v1/dev/tokens", null, body);
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
            assertThat(response.errorFields()).as(body).containsExactly(field);
            assertThat(response.body()).doesNotContain("token\":\"ey");
        });
        assertThat(api.post("/api/v1/dev/tokens", null, "{\"subject\":\"ada.lovelace+test@example:1\",\"roles\":[\"creator\",\"admin\"],"
                + "\"email\":\"ada.lovelace+test@example.co.uk\",\"name\":\"Ada Lovelace\"}").status()).isEqualTo(200);
    }

    @Test
    void localModeListsTheDemoUsers() {
        Api.Response users = api.get("/api/v1/dev/users");

        assertThat(users.status()).isEqualTo(200);
        assertThat(users.body()).contains("00000000-0000-7000-8000-00000000c001", "creator", "backer", "admin");
    }
}
