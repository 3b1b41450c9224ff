package org.crowdfund.gateway;

import org.crowdfund.testsupport.TestInfra;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Valid requests and ready-made campaigns; every test creates its own users and campaigns. */
final class Fixtures {
    private Fixtures() {
    }

    static String newSubject(String role) {
        return role + "-" + TestInfra.shortId();
    }

    static String endAt(Duration fromNow) {
        return Instant.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String campaignJson(String title) {
        return "{\"title\":\"" + title + "\",\"description\":\"A test campaign\",\"fundingModel\":\"all_or_nothing\","
                + "\"currency\":\"USD\",\"goalMinor\":500000,\"endAt\":\"" + endAt(Duration.ofDays(30)) + "\"}";
    }

    static String tierJson(String title, long minPledgeMinor, Integer quantityLimit) {
        return "{\"title\":\"" + title + "\",\"description\":\"A reward\",\"minPledgeMinor\":" + minPledgeMinor
                + (quantityLimit == null ? "" : ",\"quantityLimit\":" + quantityLimit) + ",\"estimatedDelivery\":\"2027-06-01\"}";
    }

    /** A draft of the creator's, with one tier; returns its id. */
    static String draft(Api api, String creatorToken) {
        Api.Response created = api.post("/api/v1/campaigns", creatorToken, campaignJson("Draft " + TestInfra.shortId()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.string("id");
        Api.Response tier = api.post("/api/v1/campaigns/" + id + "/tiers", creatorToken, tierJson("Early bird", 2500, 10));
        assertThat(tier.status()).as(tier.toString()).isEqualTo(201);
        return id;
    }

    /** A launched campaign of the creator's; returns its id. */
    static String active(Api api, String creatorToken) {
        String id = draft(api, creatorToken);
        Api.Response launched = api.post("/api/v1/campaigns/" + id + ":launch", creatorToken, null);
        assertThat(launched.status()).as(launched.toString()).isEqualTo(200);
        return id;
    }

    /**
     * A launched campaign of the creator's with one tier per limit given ({@code null} =
     * unlimited), once reservation-service has set up the limited tiers' slots (from
     * campaign-service's tier events); returns the campaign as GET answers it.
     */
    static Api.Response activeWithTiers(Api api, String creatorToken, Integer... limits) {
        Api.Response created = api.post("/api/v1/campaigns", creatorToken, campaignJson("Slots " + TestInfra.shortId()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.string("id");
        for (int i = 0; i < limits.length; i++) {
            Api.Response tier = api.post("/api/v1/campaigns/" + id + "/tiers", creatorToken, tierJson("Tier " + i, 1000 + i, limits[i]));
            assertThat(tier.status()).as(tier.toString()).isEqualTo(201);
        }
        Api.Response launched = api.post("/api/v1/campaigns/" + id + ":launch", creatorToken, null);
        assertThat(launched.status()).as(launched.toString()).isEqualTo(200);
        return awaitSlotsKnown(api, id);
    }

    /** Waits until every tier of the campaign shows live slot counts; returns the campaign then. */
    static Api.Response awaitSlotsKnown(Api api, String campaignId) {
        Api.Response[] last = new Api.Response[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = api.get("/api/v1/campaigns/" + campaignId);
            return last[0].status() == 200 && last[0].list("tiers").stream().allMatch(t -> Boolean.TRUE.equals(t.get("slotsKnown")));
        });
        return last[0];
    }

    /** The tier {@link #activeWithTiers} made for {@code limits[index]}. */
    static Map<String, Object> tier(Api.Response campaign, int index) {
        return campaign.list("tiers").stream().filter(t -> ("Tier " + index).equals(t.get("title"))).findFirst().orElseThrow();
    }
}
