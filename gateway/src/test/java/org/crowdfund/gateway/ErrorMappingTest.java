package org.crowdfund.gateway;

import io.micronaut.context.ApplicationContext;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors leave the gateway as application/problem+json, whatever produced them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorMappingTest {
    private Api api;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
    }

    private static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        Map<String, Object> problem = response.json();
        assertThat(problem).containsEntry("status", status).containsEntry("code", code)
                .containsKeys("type", "title", "detail", "instance", "requestId");
        assertThat((String) problem.get("type")).startsWith("urn:problem:crowdfund:");
        assertThat(problem.get("requestId")).isEqualTo(response.header("X-Request-Id"));
    }

    @Test
    void anUnknownRouteIs404Problem() {
        Api.Response response = api.get("/api/v1/nothing-here");

        assertProblem(response, 404, "NOT_FOUND");
        assertThat(response.string("instance")).isEqualTo("/api/v1/nothing-here");
    }

    @Test
    void anUnsupportedMethodIs405Problem() {
        Api.Response response = api.send(api.request("/api/v1/campaigns/00000000-0000-7000-8000-000000000000", null).DELETE());

        assertProblem(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(response.string("detail")).contains("GET");
    }

    @Test
    void anUnknownActionIsNotRoutedAsLaunch() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String id = Fixtures.draft(api, creator);

        Api.Response response = api.post("/api/v1/campaigns/" + id + ":explode", creator, null);

        assertProblem(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(api.get("/api/v1/campaigns/" + id, creator).string("status")).isEqualTo("draft");
    }

    @Test
    void anUnreachableServiceIs503() {
        Map<String, Object> props = GatewayHarness.properties(true);
        props.put("crowdfund.grpc.targets.campaign", "127.0.0.1:" + TestInfra.freePort());

        try (ApplicationContext gateway = GatewayHarness.start(props)) {
            Api.Response response = new Api(gateway).get("/api/v1/campaigns");

            assertProblem(response, 503, "UNAVAILABLE");
            assertThat(response.string("detail")).contains("campaign service is unavailable");
        }
    }

    @Test
    void aServiceThatDoesNotAnswerWithinTheDeadlineIs504() throws IOException {
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
            }, "silent-service");
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, Object> props = GatewayHarness.properties(true);
            props.put("crowdfund.grpc.targets.campaign", "127.0.0.1:" + silent.getLocalPort());
            props.put("crowdfund.grpc.deadline", "300ms");

            try (ApplicationContext gateway = GatewayHarness.start(props)) {
                Api.Response response = new Api(gateway).get("/api/v1/campaigns/00000000-0000-7000-8000-000000000000");

                assertProblem(response, 504, "DEADLINE_EXCEEDED");
                assertThat(response.string("detail")).contains("did not answer in time");
            }
        }
    }

    @Test
    void serviceRefusalsKeepTheServicesReasonAsCode() {
        Api.Response response = api.get("/api/v1/tiers/00000000-0000-7000-8000-000000000000");

        assertProblem(response, 404, "TIER_NOT_FOUND");
        assertThat(response.string("title")).isEqualTo("Tier not found");
        assertThat(response.string("type")).isEqualTo("urn:problem:crowdfund:tier-not-found");
    }
}
