package org.crowdfund.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway serves its API description, interactive docs, web page, health and metrics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsAndPageTest {
    private Api api;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() {
        Api.Response response = api.get("/openapi/crowdfund-api.yml");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("openapi: 3", "/api/v1/campaigns:", "/api/v1/campaigns/{id}:",
                "/api/v1/campaigns/{id}:launch:", "/api/v1/campaigns/{id}:cancel:", "/api/v1/campaigns/{id}/tiers:",
                "/api/v1/campaigns/{id}/updates:", "/api/v1/campaigns/{id}/dashboard:", "/api/v1/tiers/{tierId}:",
                "/api/v1/dev/tokens:", "/api/v1/reservations:", "/api/v1/reservations/{id}:",
                "/api/v1/reservations/{id}:release:", "/api/v1/reservations/{id}:extend:", "/api/v1/me/reservations:",
                "/api/v1/tiers/{tierId}/waitlist:", "/api/v1/waitlist-entries/{entryId}:", "/api/v1/waitlist-entries/{entryId}:leave:",
                "/webhooks/stripe:", "Reservation:", "WaitlistEntry:", "WebhookReceipt:", "slotsLeft", "Problem:",
                "CreateCampaign:", "bearer");
    }

    @Test
    void theInteractiveDocsAreServedWithoutACdn() {
        Api.Response page = api.get("/docs/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui-bundle.js").doesNotContain("${").doesNotContain("https://");
        assertThat(api.get("/docs").status()).isEqualTo(200);

        String bundle = page.body().replaceAll("(?s).*src=\"(/webjars/[^\"]+swagger-ui-bundle\\.js)\".*", "$1");
        assertThat(api.get(bundle).status()).isEqualTo(200);
        assertThat(api.get("/docs/docs.js").body()).contains("/openapi/crowdfund-api.yml");
    }

    @Test
    void theWebPageIsServedAtTheRoot() {
        Api.Response page = api.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("Crowdfund", "/assets/js/main.js");
        assertThat(api.get("/assets/js/main.js").status()).isEqualTo(200);
        assertThat(api.get("/assets/app.css").status()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentIsServedAsYaml() {
        Api.Response response = api.get("/openapi/crowdfund-api.yml");

        assertThat(response.contentType()).startsWith("application/yaml");
    }

    @Test
    void thePublicPortAnswersHealthWithLivenessOnlyAndServesNoMetrics() {
        Api.Response health = api.get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).isEqualTo(java.util.Map.of("status", "UP"));
        for (String path : new String[]{"/prometheus", "/metrics", "/beans", "/routes", "/loggers", "/threaddump", "/info",
                "/health/readiness", "/env"}) {
            Api.Response response = api.get(path);
            assertThat(response.status()).as(path + ": " + response).isEqualTo(404);
            assertThat(response.body()).doesNotContain("http_server_requests", "diskSpace");
        }
    }

    @Test
    void healthDetailsAndMetricsAreOnTheManagementPort() {
        api.get("/api/v1/campaigns?pageSize=1");
        Api.Response health = api.send(java.net.http.HttpRequest.newBuilder(api.management("/health")).GET());
        Api.Response metrics = api.send(java.net.http.HttpRequest.newBuilder(api.management("/prometheus")).GET());

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "details");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds", "grpc_client_calls_seconds");
    }

    @Test
    void theManagementPortServesNothingButManagement() {
        Api.Response page = api.send(java.net.http.HttpRequest.newBuilder(api.management("/")).GET());
        Api.Response campaigns = api.send(java.net.http.HttpRequest.newBuilder(api.management("/api/v1/campaigns")).GET());

        assertThat(page.status()).isEqualTo(404);
        assertThat(campaigns.status()).isEqualTo(404);
    }
}
