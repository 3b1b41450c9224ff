package org.crowdfund.gateway;

import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pledge routes through the gateway against the real services (pledge-service from its jar). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PledgeEndpointsTest {
    private Api api;
    private String creator;
    private String admin;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
        creator = api.token(Fixtures.newSubject("creator"), "creator");
        admin = api.token(Fixtures.newSubject("admin"), "admin");
    }

    private static String pledgeJson(String campaignId, long amount) {
        return "{\"campaignId\":\"" + campaignId + "\",\"tierId\":null,\"amountMinor\":" + amount
                + ",\"currency\":\"USD\",\"paymentMethodId\":\"pm_card_visa\",\"country\":\"DE\"}";
    }

    @Test
    void aBackerPledgesWithAnIdempotencyKeyAndTheSameKeyAndBodyAnswerTheSamePledge() {
        String campaign = Fixtures.active(api, creator);
        String backer = api.token(Fixtures.newSubject("backer"), "backer");
        String key = TestInfra.shortId();

        Api.Response created = api.post("/api/v1/pledges", backer, pledgeJson(campaign, 5_000), "Idempotency-Key", key);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json()).containsEntry("campaignId", campaign).containsEntry("tierId", null)
                .containsEntry("currency", "USD").containsEntry("status", "pending").containsKey("cancellableUntil");
        assertThat(created.number("amountMinor")).isEqualTo(5_000);
        Api.Response again = api.post("/api/v1/pledges", backer, pledgeJson(campaign, 5_000), "Idempotency-Key", key);
        assertThat(again.string("id")).isEqualTo(created.string("id"));
        Api.Response other = api.post("/api/v1/pledges", backer, pledgeJson(campaign, 6_000), "Idempotency-Key", key);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.string("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(api.get("/api/v1/me/pledges", backer).list("pledges")).extracting(p -> p.get("id"))
                .containsExactly(created.string("id"));
    }

    @Test
    void aPledgeIsTheBackersOwnAndCancellingItBeforeTheCutoffCancelsIt() {
        String campaign = Fixtures.active(api, creator);
        String backer = api.token(Fixtures.newSubject("backer"), "backer");
        String id = api.post("/api/v1/pledges", backer, pledgeJson(campaign, 2_500), "Idempotency-Key", TestInfra.shortId())
                .string("id");

        assertThat(api.get("/api/v1/pledges/" + id, api.token(Fixtures.newSubject("backer"), "backer")).status()).isEqualTo(404);
        Api.Response cancelled = api.post("/api/v1/pledges/" + id + ":cancel", backer, null);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.string("status")).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/pledges/" + id, backer).string("status")).isEqualTo("cancelled");
    }

    @Test
    void aPledgeWithoutIdempotencyKeyIsRefused() {
        String campaign = Fixtures.active(api, creator);
        Api.Response refused = api.post("/api/v1/pledges", api.token(Fixtures.newSubject("backer"), "backer"), pledgeJson(campaign, 2_500));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).contains("Idempotency-Key");
    }

    @Test
    void anAdminEndsACampaignInLocalModeAndItsCreatorWatchesTheSettlement() {
        String campaign = Fixtures.active(api, creator);
        String backer = api.token(Fixtures.newSubject("backer"), "backer");
        api.post("/api/v1/pledges", backer, pledgeJson(campaign, 3_000), "Idempotency-Key", TestInfra.shortId());

        assertThat(api.post("/api/v1/campaigns/" + campaign + ":end", creator, null).status()).as("not an admin").isEqualTo(403);
        Api.Response ended = api.post("/api/v1/campaigns/" + campaign + ":end", admin, null);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> "settled".equals(
                api.get("/api/v1/campaigns/" + campaign + "/settlement", creator).string("phase")));
        Api.Response settlement = api.get("/api/v1/campaigns/" + campaign + "/settlement", creator);
        assertThat(settlement.string("outcome")).isEqualTo("failed");
        assertThat(settlement.object("counts")).containsKey("voided");
        Map<String, Object> pledge = api.get("/api/v1/campaigns/" + campaign + "/pledges", creator).list("pledges").get(0);
        assertThat(pledge.get("status")).isEqualTo("voided");
    }
}
