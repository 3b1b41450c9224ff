package org.crowdfund.gateway;

import org.crowdfund.testsupport.TestInfra;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
}
