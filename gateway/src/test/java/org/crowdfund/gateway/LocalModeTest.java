package org.crowdfund.gateway;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Outside local mode there are no dev tokens and no default secret. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalModeTest {
    private ApplicationContext production;
    private Api api;

    @BeforeAll
    void start() {
        production = GatewayHarness.start(GatewayHarness.properties(false));
        api = new Api(production);
    }

    @AfterAll
    void stop() {
        production.close();
    }

    @Test
    void devTokensAreRefusedOutsideLocalMode() {
        Api.Response response = api.post("/api/v1/dev/tokens", null, "{\"subject\":\"mallory\",\"roles\":[\"admin\"]}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.string("code")).isEqualTo("LOCAL_MODE_ONLY");
        assertThat(response.string("detail")).contains("CROWDFUND_LOCAL_MODE");
        assertThat(response.body()).doesNotContain("token\":\"ey");
        assertThat(api.get("/api/v1/dev/users").status()).isEqualTo(403);
    }

    @Test
    void tokensSignedWithTheConfiguredSecretAreAcceptedOutsideLocalMode() {
        String token = GatewayHarness.api().token(Fixtures.newSubject("creator"), "creator");

        Api.Response created = api.post("/api/v1/campaigns", token, Fixtures.campaignJson("Production"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void theGatewayRefusesToStartWithoutASecret() {
        Map<String, Object> props = GatewayHarness.properties(false);
        props.put("crowdfund.auth.jwt-secret", "");

        assertThatThrownBy(() -> GatewayHarness.start(props).close())
                .hasStackTraceContaining("JWT_SECRET must be set");
    }

    @Test
    void theGatewayRefusesToStartWithASecretShorterThan32Bytes() {
        Map<String, Object> props = GatewayHarness.properties(false);
        props.put("crowdfund.auth.jwt-secret", "short-secret");

        assertThatThrownBy(() -> GatewayHarness.start(props).close())
                .hasStackTraceContaining("only 12 bytes");
    }

    @Test
    void localModeStartsWithoutASecret() {
        Map<String, Object> props = GatewayHarness.properties(true);
        props.put("crowdfund.auth.jwt-secret", "");

        try (ApplicationContext local = GatewayHarness.start(props)) {
            assertThat(new Api(local).token("dev", "creator")).isNotBlank();
        }
    }
}
