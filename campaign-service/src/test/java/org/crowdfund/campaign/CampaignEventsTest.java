package org.crowdfund.campaign;

import com.google.protobuf.Any;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import org.crowdfund.platform.events.EventsConfiguration;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.*;
import org.crowdfund.proto.events.v1.CampaignEnded;
import org.crowdfund.proto.events.v1.CampaignLaunched;
import org.crowdfund.proto.events.v1.CampaignSettled;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.RewardTierChanged;
import org.crowdfund.proto.events.v1.SettlementOutcome;
import org.crowdfund.testsupport.StreamReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.campaign.CampaignApi.*;

/** What campaign-service tells the rest of the platform, and what it learns from it, over real NATS. */
class CampaignEventsTest {

    @Test
    void launchingPublishesCampaignLaunchedWithItsTiersAndEveryTierChange() throws Exception {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        Tier tier = addTier(creator, draft, 2_000, 40);
        as(creator).updateTier(UpdateTierRequest.newBuilder().setTierId(tier.getId()).setQuantityLimit(60).build());
        as(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(draft.getId()).build());

        await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout(draft.getId(), "campaign.launched").size() == 1);
        CampaignLaunched launched = eventsAbout(draft.getId(), "campaign.launched").get(0).getData().unpack(CampaignLaunched.class);
        assertThat(launched.getGoalMinor()).isEqualTo(draft.getGoalMinor());
        assertThat(launched.getTiersList()).singleElement().satisfies(t -> assertThat(t.getQuantityLimit()).isEqualTo(60));

        List<RewardTierChanged> changes = eventsAbout(draft.getId(), "campaign.tier_changed").stream()
                .map(e -> unpack(e, RewardTierChanged.class)).toList();
        assertThat(changes).extracting(RewardTierChanged::getQuantityLimit).containsExactly(40, 60);
        assertThat(changes).extracting(RewardTierChanged::getRevision).containsExactly(1L, 2L);
    }

    @Test
    void cancellingPublishesCampaignCancelledOnce() {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 10_000, null);
        as(creator).cancelCampaign(CancelCampaignRequest.newBuilder().setCampaignId(campaign.getId()).setReason("supplier gone").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout(campaign.getId(), "campaign.cancelled").size() == 1);
    }

    @Test
    void milestonesArePublishedOncePerPercentage() {
        Campaign campaign = launchedCampaign(newCreator(), 4_000, null);
        for (int i = 0; i < 6; i++) {
            as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 1_000).build());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout(campaign.getId(), "campaign.milestone_reached").size() == 4);
        assertThat(eventsAbout(campaign.getId(), "campaign.pledge_recorded")).hasSize(6);
    }

    @Test
    void aCampaignPastItsDeadlineMovesToSettlingAndSettlementDecidesItsOutcome() throws Exception {
        Principal creator = newCreator();
        Campaign campaign = as(creator).createCampaign(validCampaign().setEndAt(ts(now().plus(Duration.ofDays(3)))).build())
                .getCampaign();
        addTier(creator, campaign, 1_000, null);
        as(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(campaign.getId()).build());
        as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 2_000_000).build());

        clock().advance(Duration.ofDays(3).plusMinutes(1));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                get(creator, campaign.getId()).getStatus() == CampaignStatus.CAMPAIGN_STATUS_SETTLING);
        assertRefused(() -> as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 1_000).build()),
                io.grpc.Status.Code.FAILED_PRECONDITION, "CAMPAIGN_NOT_ACCEPTING_PLEDGES");
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout(campaign.getId(), "campaign.ended").size() == 1);
        CampaignEnded ended = eventsAbout(campaign.getId(), "campaign.ended").get(0).getData().unpack(CampaignEnded.class);
        assertThat(ended.getPledgedMinor()).isEqualTo(2_000_000);

        publishSettled(campaign.getId(), SettlementOutcome.SETTLEMENT_OUTCOME_FUNDED);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                get(creator, campaign.getId()).getStatus() == CampaignStatus.CAMPAIGN_STATUS_FUNDED);
    }

    @Test
    void theDashboardIsFedByPledgeEvents() {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 100_000, 10);
        String tierId = campaign.getTiers(0).getId();
        as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 1_500).setTierId(tierId).setBackerCountry("DE").build());
        as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 2_500).setTierId(tierId).setBackerCountry("FR").build());
        RecordPledgeRequest third = pledge(campaign, 4_000).setBackerCountry("DE").build();
        as(PLEDGE_SERVICE).recordPledge(third);
        await().atMost(Duration.ofSeconds(20)).until(() -> dashboard(creator, campaign).getPledgeCount() == 3);

        as(PLEDGE_SERVICE).releasePledge(ReleasePledgeRequest.newBuilder().setCampaignId(campaign.getId())
                .setPledgeId(third.getPledgeId()).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> dashboard(creator, campaign).getPledgeCount() == 2);
        Dashboard d = dashboard(creator, campaign);
        assertThat(d.getPledgedMinor()).isEqualTo(4_000);
        assertThat(d.getTiersList()).filteredOn(t -> t.getTierId().equals(tierId)).singleElement()
                .satisfies(t -> assertThat(t.getAmountMinor()).isEqualTo(4_000));
        assertThat(d.getCountriesList()).extracting(CountryStats::getCountry).containsExactlyInAnyOrder("DE", "FR");
        assertThat(d.getDailyList()).singleElement().satisfies(day -> assertThat(day.getPledgeCount()).isEqualTo(2));
        assertRefused(() -> dashboard(newCreator(), campaign), io.grpc.Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
    }

    private static Dashboard dashboard(Principal who, Campaign campaign) {
        return as(who).getDashboard(GetDashboardRequest.newBuilder().setCampaignId(campaign.getId()).build()).getDashboard();
    }

    private static List<EventEnvelope> eventsAbout(String campaignId, String subject) {
        EventsConfiguration config = CampaignServiceHarness.context().getBean(EventsConfiguration.class);
        return StreamReader.all(config.getNatsUrl(), config.getStream()).stream()
                .filter(m -> m.getSubject().equals(config.subject(subject)))
                .map(CampaignEventsTest::envelope)
                .filter(e -> e.getSubject().equals(campaignId))
                .toList();
    }

    private static EventEnvelope envelope(MessageInfo m) {
        try {
            return EventEnvelope.parseFrom(m.getData());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends com.google.protobuf.Message> T unpack(EventEnvelope e, Class<T> type) {
        try {
            return e.getData().unpack(type);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void publishSettled(String campaignId, SettlementOutcome outcome) throws Exception {
        EventsConfiguration config = CampaignServiceHarness.context().getBean(EventsConfiguration.class);
        String eventId = UUID.randomUUID().toString();
        EventEnvelope envelope = EventEnvelope.newBuilder().setEventId(eventId)
                .setEventType(CampaignSettled.getDescriptor().getFullName()).setSource("pledge-service")
                .setSubject(campaignId).setData(Any.pack(CampaignSettled.newBuilder().setCampaignId(campaignId)
                        .setOutcome(outcome).build())).build();
        try (Connection nc = Nats.connect(config.getNatsUrl())) {
            nc.jetStream().publish(config.subject("campaign.settled"), envelope.toByteArray(),
                    PublishOptions.builder().messageId(eventId).build());
        }
    }
}
