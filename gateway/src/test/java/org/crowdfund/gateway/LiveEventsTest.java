package org.crowdfund.gateway;

import com.google.protobuf.Any;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.crowdfund.gateway.live.CampaignEventFeed;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.proto.events.v1.CampaignPledgeRecorded;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET /api/v1/campaigns/{id}/events: what a campaign page hears. Events come from the real
 * services over the private NATS stream (a slot held at reservation-service), or are published
 * onto it as their producer would (a pledge recorded at campaign-service, which needs
 * pledge-service to happen for real).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEventsTest {
    private static final Duration WITHIN = Duration.ofSeconds(15);

    private Api api;
    private String creator;
    private Connection nats;

    @BeforeAll
    void start() throws Exception {
        api = GatewayHarness.api();
        creator = api.token(Fixtures.newSubject("creator"), "creator");
        nats = Nats.connect(TestInfra.natsUrl());
        CampaignEventFeed feed = api.context().getBean(CampaignEventFeed.class);
        await().atMost(Duration.ofSeconds(30)).until(feed::subscribed);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void aSlotHeldByABackerReachesThePageAsASlotsEventOfItsTier() throws Exception {
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 5);
        String tierId = (String) Fixtures.tier(campaign, 0).get("id");
        try (SseClient page = open(campaign.string("id"))) {
            assertThat(page.response().statusCode()).isEqualTo(200);
            assertThat(page.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            SseClient.Event ready = page.next(e -> e.name().equals("ready"), WITHIN);
            assertThat(ready.retry()).isEqualTo("3000");

            Api.Response held = api.post("/api/v1/reservations", api.token(Fixtures.newSubject("backer"), "backer"),
                    "{\"tierId\":\"" + tierId + "\"}");
            assertThat(held.status()).as(held.toString()).isEqualTo(201);

            SseClient.Event slots = page.next(e -> e.name().equals("slots"), WITHIN);
            assertThat(slots.data()).contains("\"tierId\":\"" + tierId + "\"", "\"change\":\"held\"");
            assertThat(slots.id()).matches("\\d+");
        }
    }

    @Test
    void aRecordedPledgeReachesThePageWithTheNewTotalsAndNoBackerDetails() throws Exception {
        String campaignId = Fixtures.active(api, creator);
        String other = Fixtures.active(api, creator);
        try (SseClient page = open(campaignId)) {
            page.next(e -> e.name().equals("ready"), WITHIN);

            publishPledgeRecorded(other, 999, 9);
            publishPledgeRecorded(campaignId, 4200, 3);

            SseClient.Event progress = page.next(e -> e.name().equals("progress"), WITHIN);
            assertThat(progress.data()).contains("\"pledgedMinor\":4200", "\"backerCount\":3", "\"currency\":\"USD\"")
                    .doesNotContain("backer-", "country", "DE");
            assertThat(page.seen()).noneMatch(e -> e.data().contains("999"));
        }
    }

    @Test
    void anUnknownCampaignHasNoEventStream() {
        Api.Response unknown = api.get("/api/v1/campaigns/" + UUID.randomUUID() + "/events");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.string("code")).isEqualTo("CAMPAIGN_NOT_FOUND");
    }

    @Test
    void aDraftHasNoPublicEventStream() {
        String draft = Fixtures.draft(api, creator);

        Api.Response refused = api.get("/api/v1/campaigns/" + draft + "/events");

        assertThat(refused.status()).isEqualTo(404);
    }

    @Test
    void aClosedPageStopsListening() throws Exception {
        String campaignId = Fixtures.active(api, creator);
        CampaignEventFeed feed = api.context().getBean(CampaignEventFeed.class);
        SseClient page = open(campaignId);
        page.next(e -> e.name().equals("ready"), WITHIN);
        assertThat(feed.listening(campaignId)).isEqualTo(1);

        page.close();

        // the server notices the closed connection when it next writes: the heartbeat or an event
        publishPledgeRecorded(campaignId, 100, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.listening(campaignId) == 0);
    }

    private SseClient open(String campaignId) {
        return new SseClient(api.uri("/api/v1/campaigns/" + campaignId + "/events"));
    }

    /** As campaign-service publishes it when pledge-service records a pledge. */
    private void publishPledgeRecorded(String campaignId, long pledgedMinor, int backers) throws Exception {
        CampaignPledgeRecorded event = CampaignPledgeRecorded.newBuilder().setCampaignId(campaignId)
                .setPledgeId(UUID.randomUUID().toString()).setAmountMinor(100).setCurrency("USD")
                .setBackerId("backer-" + UUID.randomUUID()).setBackerCountry("DE")
                .setPledgedMinor(pledgedMinor).setBackerCount(backers).build();
        String eventId = UUID.randomUUID().toString();
        EventEnvelope envelope = EventEnvelope.newBuilder().setEventId(eventId)
                .setEventType(CampaignPledgeRecorded.getDescriptor().getFullName()).setSource("campaign-service")
                .setSubject(campaignId).setData(Any.pack(event)).build();
        Map<String, Object> events = GatewayHarness.EVENTS;
        String subject = events.get("crowdfund.events.subject-prefix") + "." + EventSubjects.CAMPAIGN_PLEDGE_RECORDED;
        nats.jetStream().publish(NatsMessage.builder().subject(subject).headers(new Headers().put("Nats-Msg-Id", eventId))
                .data(envelope.toByteArray()).build());
    }
}
