package org.crowdfund.campaign;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import org.crowdfund.platform.events.EventsConfiguration;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.proto.campaign.v1.Campaign;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
import org.crowdfund.proto.campaign.v1.CountryStats;
import org.crowdfund.proto.campaign.v1.Dashboard;
import org.crowdfund.proto.campaign.v1.GetDashboardRequest;
import org.crowdfund.proto.campaign.v1.LaunchCampaignRequest;
import org.crowdfund.proto.events.v1.CampaignPledgeRecorded;
import org.crowdfund.proto.events.v1.CampaignPledgeReleased;
import org.crowdfund.proto.events.v1.CampaignSettled;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.proto.events.v1.SettlementOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.campaign.CampaignApi.*;

/**
 * campaign-service's consumers fed duplicated and out-of-order events. Both are order-free: the
 * dashboard adds and subtracts (commutative, each event once by the inbox), and settlement is a
 * terminal transition the state machine takes once.
 */
class CampaignEventOrderTest {

    @Test
    void theDashboardEndsTheSameWhenPledgeEventsArriveShuffledAndTwice() throws Exception {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 100_000, 10);
        String tierId = campaign.getTiers(0).getId();
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        EventEnvelope recordedFirst = envelope(campaign.getId(), 1, CampaignPledgeRecorded.newBuilder()
                .setCampaignId(campaign.getId()).setPledgeId(first).setTierId(tierId).setAmountMinor(1_500)
                .setCurrency("EUR").setBackerCountry("DE").setRecordedAt(ProtoTime.timestamp(at)).build());
        EventEnvelope recordedSecond = envelope(campaign.getId(), 2, CampaignPledgeRecorded.newBuilder()
                .setCampaignId(campaign.getId()).setPledgeId(second).setTierId(tierId).setAmountMinor(2_500)
                .setCurrency("EUR").setBackerCountry("FR").setRecordedAt(ProtoTime.timestamp(at.plusSeconds(60))).build());
        EventEnvelope releasedFirst = envelope(campaign.getId(), 3, CampaignPledgeReleased.newBuilder()
                .setCampaignId(campaign.getId()).setPledgeId(first).setTierId(tierId).setAmountMinor(1_500)
                .setCurrency("EUR").setBackerCountry("DE").setRecordedAt(ProtoTime.timestamp(at))
                .setReleasedAt(ProtoTime.timestamp(at.plusSeconds(120))).build());

        // The release overtakes the pledge it releases; every event is delivered twice.
        for (EventEnvelope e : List.of(releasedFirst, recordedSecond, releasedFirst, recordedFirst, recordedSecond, recordedFirst)) {
            publish(e.getData().is(CampaignPledgeReleased.class) ? EventSubjects.CAMPAIGN_PLEDGE_RELEASED
                    : EventSubjects.CAMPAIGN_PLEDGE_RECORDED, e);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> inboxCount("campaign-dashboard", recordedFirst, recordedSecond, releasedFirst) == 3
                && dashboard(creator, campaign).getPledgeCount() == 1);

        Dashboard d = dashboard(creator, campaign);
        assertThat(d.getPledgedMinor()).isEqualTo(2_500);
        assertThat(d.getTiersList()).singleElement().satisfies(t -> {
            assertThat(t.getPledgeCount()).isEqualTo(1);
            assertThat(t.getAmountMinor()).isEqualTo(2_500);
        });
        assertThat(d.getCountriesList()).extracting(CountryStats::getCountry).containsExactly("FR");
        assertThat(d.getDailyList()).singleElement().satisfies(day -> assertThat(day.getAmountMinor()).isEqualTo(2_500));
    }

    @Test
    void aDuplicatedSettlementAndALateConflictingOneLeaveTheFirstOutcome() throws Exception {
        Principal creator = newCreator();
        Campaign campaign = as(creator).createCampaign(validCampaign().setEndAt(ts(now().plus(Duration.ofDays(3)))).build())
                .getCampaign();
        addTier(creator, campaign, 1_000, null);
        as(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(campaign.getId()).build());
        clock().advance(Duration.ofDays(3).plusMinutes(1));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                get(creator, campaign.getId()).getStatus() == CampaignStatus.CAMPAIGN_STATUS_SETTLING);

        EventEnvelope funded = envelope(campaign.getId(), 1, CampaignSettled.newBuilder().setCampaignId(campaign.getId())
                .setOutcome(SettlementOutcome.SETTLEMENT_OUTCOME_FUNDED).build());
        EventEnvelope conflicting = envelope(campaign.getId(), 2, CampaignSettled.newBuilder().setCampaignId(campaign.getId())
                .setOutcome(SettlementOutcome.SETTLEMENT_OUTCOME_FAILED).build());
        publish(EventSubjects.CAMPAIGN_SETTLED, funded);
        publish(EventSubjects.CAMPAIGN_SETTLED, funded);
        publish(EventSubjects.CAMPAIGN_SETTLED, conflicting);
        await().atMost(Duration.ofSeconds(20)).until(() -> inboxCount("campaign-settlement", funded, conflicting) == 2);

        assertThat(get(creator, campaign.getId()).getStatus()).isEqualTo(CampaignStatus.CAMPAIGN_STATUS_FUNDED);
    }

    private static Dashboard dashboard(Principal who, Campaign campaign) {
        return as(who).getDashboard(GetDashboardRequest.newBuilder().setCampaignId(campaign.getId()).build()).getDashboard();
    }

    private static EventEnvelope envelope(String campaignId, long version, Message event) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString())
                .setEventType(event.getDescriptorForType().getFullName()).setSource("test")
                .setSubject(campaignId).setAggregateVersion(version).setData(Any.pack(event)).build();
    }

    /** Publishes under a fresh message id each time, so the broker keeps every copy (a redelivery). */
    private static void publish(String subject, EventEnvelope envelope) throws Exception {
        EventsConfiguration config = CampaignServiceHarness.context().getBean(EventsConfiguration.class);
        try (Connection nc = Nats.connect(config.getNatsUrl())) {
            nc.jetStream().publish(config.subject(subject), envelope.toByteArray(),
                    PublishOptions.builder().messageId(UUID.randomUUID().toString()).build());
        }
    }

    private static long inboxCount(String consumer, EventEnvelope... envelopes) {
        var sql = CampaignServiceHarness.context().getBean(org.crowdfund.platform.sql.Sql.class);
        var tx = CampaignServiceHarness.context().getBean(org.crowdfund.platform.sql.Transactions.class);
        return tx.read(() -> sql.one("SELECT count(*) AS n FROM inbox WHERE consumer = ? AND event_id = ANY(?::uuid[])",
                rs -> rs.getLong("n"), consumer, java.util.Arrays.stream(envelopes).map(EventEnvelope::getEventId)
                        .toArray(String[]::new)).orElseThrow());
    }
}
