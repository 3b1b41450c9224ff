package org.crowdfund.gateway;

import io.micronaut.context.ApplicationContext;
import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notification routes against a real notification-service (its jar, own database): the inbox,
 * preferences and the public unsubscribe link, and every kind of bad input refused specifically
 * with nothing changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationEndpointsTest {
    private static final String UNSUBSCRIBE_SECRET = "gateway-tests-unsubscribe-" + TestInfra.shortId() + TestInfra.shortId();

    private ServiceProcess notifications;
    private ApplicationContext gateway;
    private Api api;

    @BeforeAll
    void start() {
        notifications = ServiceProcess.start("notification-service", TestInfra.eventProperties(TestInfra.shortId()),
                Map.of("NOTIFICATION_UNSUBSCRIBE_SECRET", UNSUBSCRIBE_SECRET, "CROWDFUND_LOCAL_MODE", "false",
                        "SMTP_PORT", String.valueOf(TestInfra.freePort())));
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("endpoints.all.port", TestInfra.freePort());
        props.put("crowdfund.identity.private-key", org.crowdfund.testsupport.TestIdentities.key("gateway").toJSONString());
        props.put("crowdfund.auth.local-mode", true);
        // a service just started on a loaded machine answers its first calls slowly
        props.put("crowdfund.grpc.deadline", "20s");
        props.put("crowdfund.auth.jwt-secret", GatewayHarness.JWT_SECRET);
        props.put("crowdfund.grpc.targets.notification", "127.0.0.1:" + notifications.grpcPort());
        gateway = GatewayHarness.start(props);
        api = new Api(gateway);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (notifications != null) {
            notifications.stop();
        }
    }

    @Test
    void theInboxStartsEmptyWithNoUnreadAndRefusesBadPagingAndIds() {
        String token = api.token("reader-" + UUID.randomUUID(), "backer");
        var inbox = api.get("/api/v1/me/notifications", token);
        assertThat(inbox.status()).as(inbox.toString()).isEqualTo(200);
        assertThat(inbox.list("notifications")).isEmpty();
        assertThat(inbox.number("unreadCount")).isZero();
        assertThat(inbox.json()).containsEntry("nextPageToken", null);

        var tooBig = api.get("/api/v1/me/notifications?pageSize=101", token);
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.string("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(tooBig.body()).contains("pageSize");
        assertThat(api.get("/api/v1/me/notifications?pageToken=garbage", token).body()).contains("pageToken");
        assertThat(api.get("/api/v1/me/notifications?pageSize=ten", token).status()).isEqualTo(400);

        var badId = api.post("/api/v1/me/notifications/not-a-uuid:read", token, null);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body()).contains("notificationId");
        var unknown = api.post("/api/v1/me/notifications/" + UUID.randomUUID() + ":read", token, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.string("code")).isEqualTo("NOTIFICATION_NOT_FOUND");

        assertThat(api.get("/api/v1/me/notifications").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me/notification-preferences").status()).isEqualTo(401);
    }

    @Test
    void preferencesChangeAllOrNothingAndBadBodiesAreRefusedByField() {
        String token = api.token("chooser-" + UUID.randomUUID(), "backer");
        var defaults = api.get("/api/v1/me/notification-preferences", token);
        assertThat(defaults.status()).as(defaults.toString()).isEqualTo(200);
        assertThat(defaults.list("preferences")).hasSize(14)
                .anySatisfy(p -> assertThat(p).containsEntry("type", "receipt").containsEntry("transactional", true));

        record Bad(String body, String field) {
        }
        for (Bad bad : List.of(
                new Bad("[]", "body"),
                new Bad("{}", "changes"),
                new Bad("{\"changes\": {}}", "changes"),
                new Bad("{\"changes\": [], \"extra\": 1}", "extra"),
                new Bad("{\"changes\": [{\"type\": \"nope\", \"email\": false}]}", "changes[0].type"),
                new Bad("{\"changes\": [{\"type\": \"creator_update\", \"email\": \"no\"}]}", "changes[0].email"),
                new Bad("{\"changes\": [{\"type\": \"creator_update\", \"push\": true}]}", "changes[0].push"),
                new Bad("{\"changes\": [{\"type\": \"creator_update\", \"email\": false}, {\"type\": \"receipt\", \"email\": false}]}",
                        "changes[1].email"),
                new Bad("{\"changes\": [{\"type\": \"creator_update\"}]}", "changes[0]"))) {
            var refused = put(token, bad.body());
            assertThat(refused.status()).as(bad.body() + " -> " + refused).isEqualTo(400);
            assertThat(refused.body()).as(bad.body()).contains(bad.field());
        }
        var unchanged = api.get("/api/v1/me/notification-preferences", token);
        assertThat(unchanged.body()).as("nothing changed by refused requests").isEqualTo(defaults.body());

        var changed = put(token, "{\"changes\": [{\"type\": \"creator_update\", \"email\": false}]}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.list("preferences")).anySatisfy(p ->
                assertThat(p).containsEntry("type", "creator_update").containsEntry("email", false).containsEntry("inApp", true));
    }

    @Test
    void theUnsubscribeLinkWorksWithoutSigningInAsksFirstOnGetAndRefusesForgedTokens() {
        String subject = "reader-" + UUID.randomUUID();
        String userToken = api.token(subject, "backer");
        api.get("/api/v1/me/notifications", userToken); // the service learns the address from the call
        String link = "/notifications/unsubscribe?token=" + URLEncoder.encode(sign("milestone_reached", subject), StandardCharsets.UTF_8);

        var page = api.get(link);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("milestone reached").contains("r***@example.test").contains("<form method=\"post\"");
        assertThat(preference(userToken, "milestone_reached")).as("a GET changes nothing").containsEntry("email", true);

        var oneClick = api.send(api.request(link, null).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertThat(oneClick.status()).as(oneClick.toString()).isEqualTo(200);
        assertThat(preference(userToken, "milestone_reached")).containsEntry("email", false).containsEntry("inApp", true);

        assertThat(api.get("/notifications/unsubscribe").status()).isEqualTo(400);
        var forged = api.get("/notifications/unsubscribe?token=" + URLEncoder.encode(sign("milestone_reached", subject) + "x",
                StandardCharsets.UTF_8));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body()).contains("token");
        var transactional = api.get("/notifications/unsubscribe?token="
                + URLEncoder.encode(sign("receipt", subject), StandardCharsets.UTF_8));
        assertThat(transactional.status()).isEqualTo(409);
        assertThat(transactional.string("code")).isEqualTo("TRANSACTIONAL_NOTIFICATION");
    }

    private Api.Response put(String token, String json) {
        return api.send(api.request("/api/v1/me/notification-preferences", token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Map<String, Object> preference(String token, String type) {
        return api.get("/api/v1/me/notification-preferences", token).list("preferences").stream()
                .filter(p -> type.equals(p.get("type"))).findFirst().orElseThrow();
    }

    /** An unsubscribe token as notification-service signs them (docs/notifications.md). */
    private static String sign(String type, String recipient) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String payload = b64.encodeToString(("u1|" + type + "|" + recipient).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(UNSUBSCRIBE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return payload + "." + b64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
