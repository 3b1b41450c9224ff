package org.crowdfund.campaign;

import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.*;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.campaign.CampaignApi.*;

class PledgeLedgerTest {

    @Test
    void recordingAPledgeTwiceCountsItOnce() {
        Campaign campaign = launchedCampaign(newCreator(), 100_000, null);
        RecordPledgeRequest pledge = pledge(campaign, 5_000).build();
        RecordPledgeResponse first = as(PLEDGE_SERVICE).recordPledge(pledge);
        RecordPledgeResponse again = as(PLEDGE_SERVICE).recordPledge(pledge);
        assertThat(first.getAlreadyRecorded()).isFalse();
        assertThat(first.getPledgedMinor()).isEqualTo(5_000);
        assertThat(again.getAlreadyRecorded()).isTrue();
        assertThat(again.getPledgedMinor()).isEqualTo(5_000);
        assertThat(get(PLEDGE_SERVICE, campaign.getId()).getBackerCount()).isEqualTo(1);
        assertRefused(() -> as(PLEDGE_SERVICE).recordPledge(pledge.toBuilder().setAmountMinor(6_000).build()),
                Status.Code.ALREADY_EXISTS, "PLEDGE_ID_REUSED");
    }

    @Test
    void concurrentPledgesAddUpExactlyAndEachMilestoneFiresOnce() throws Exception {
        Campaign campaign = launchedCampaign(newCreator(), 40_000, null);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<RecordPledgeResponse>> results = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            RecordPledgeRequest request = pledge(campaign, 1_000).build();
            results.add(pool.submit(() -> as(PLEDGE_SERVICE).recordPledge(request)));
        }
        List<Integer> crossed = new ArrayList<>();
        for (Future<RecordPledgeResponse> r : results) {
            crossed.addAll(r.get().getMilestonesCrossedList());
        }
        pool.shutdown();
        Campaign after = get(PLEDGE_SERVICE, campaign.getId());
        assertThat(after.getPledgedMinor()).isEqualTo(80_000);
        assertThat(after.getBackerCount()).isEqualTo(80);
        assertThat(crossed).containsExactlyInAnyOrder(25, 50, 75, 100);
        assertThat(after.getMilestonesReachedList()).containsExactly(25, 50, 75, 100);
    }

    @Test
    void releasingAPledgeIsIdempotentAndNeverRefiresAMilestone() {
        Campaign campaign = launchedCampaign(newCreator(), 10_000, null);
        RecordPledgeRequest pledge = pledge(campaign, 3_000).build();
        assertThat(as(PLEDGE_SERVICE).recordPledge(pledge).getMilestonesCrossedList()).containsExactly(25);
        ReleasePledgeRequest release = ReleasePledgeRequest.newBuilder().setCampaignId(campaign.getId())
                .setPledgeId(pledge.getPledgeId()).build();
        ReleasePledgeResponse first = as(PLEDGE_SERVICE).releasePledge(release);
        ReleasePledgeResponse again = as(PLEDGE_SERVICE).releasePledge(release);
        assertThat(first.getAlreadyReleased()).isFalse();
        assertThat(first.getPledgedMinor()).isZero();
        assertThat(again.getAlreadyReleased()).isTrue();
        assertThat(again.getPledgedMinor()).isZero();
        assertThat(as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 3_000).build()).getMilestonesCrossedList()).isEmpty();
        assertRefused(() -> as(PLEDGE_SERVICE).recordPledge(pledge), Status.Code.FAILED_PRECONDITION, "PLEDGE_RELEASED");
    }

    @Test
    void onlyPlatformServicesRecordPledges() {
        Campaign campaign = launchedCampaign(newCreator(), 10_000, null);
        assertRefused(() -> as(Principal.of("backer-7", Principal.ROLE_BACKER)).recordPledge(pledge(campaign, 1_000).build()),
                Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertThat(get(PLEDGE_SERVICE, campaign.getId()).getPledgedMinor()).isZero();
    }

    @Test
    void aPledgeInAnotherCurrencyOrBelowTheTierMinimumIsRefusedAndNotCounted() {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 10_000, null);
        String tierId = campaign.getTiers(0).getId();
        var currency = refused(() -> as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 5_000).setCurrency("EUR").build()));
        assertThat(badFields(currency)).containsExactly("currency");
        var belowMin = refused(() -> as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 999).setTierId(tierId).build()));
        assertThat(badFields(belowMin)).containsExactly("amount_minor");
        assertThat(belowMin.getStatus().getDescription()).contains("10.00 USD");
        for (long amount : new long[]{0, -1, 100_000_000}) {
            var e = refused(() -> as(PLEDGE_SERVICE).recordPledge(pledge(campaign, amount).build()));
            assertThat(badFields(e)).containsExactly("amount_minor");
        }
        assertThat(get(PLEDGE_SERVICE, campaign.getId()).getPledgedMinor()).isZero();
    }

    @Test
    void draftsAndCancelledCampaignsTakeNoPledges() {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        assertRefused(() -> as(PLEDGE_SERVICE).recordPledge(pledge(draft, 1_000).build()),
                Status.Code.FAILED_PRECONDITION, "CAMPAIGN_NOT_ACCEPTING_PLEDGES");
        Campaign live = launchedCampaign(creator, 10_000, null);
        as(creator).cancelCampaign(CancelCampaignRequest.newBuilder().setCampaignId(live.getId()).build());
        assertRefused(() -> as(PLEDGE_SERVICE).recordPledge(pledge(live, 1_000).build()),
                Status.Code.FAILED_PRECONDITION, "CAMPAIGN_NOT_ACCEPTING_PLEDGES");
        assertThat(get(creator, live.getId()).getPledgedMinor()).isZero();
    }

    @Test
    void concurrentPledgesOfALimitedTierAreAllCountedBecauseReservationServiceGuardsTheSlots() throws Exception {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 1_000_000, 5);
        String tierId = campaign.getTiers(0).getId();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<RecordPledgeResponse>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            RecordPledgeRequest request = pledge(campaign, 1_000).setTierId(tierId).build();
            attempts.add(() -> as(PLEDGE_SERVICE).recordPledge(request));
        }
        for (Future<RecordPledgeResponse> recorded : pool.invokeAll(attempts)) {
            recorded.get();
        }
        pool.shutdown();

        Campaign after = get(creator, campaign.getId());
        assertThat(after.getTiers(0).getQuantityClaimed()).as("a display count of pledges, not a second guard").isEqualTo(12);
        assertThat(after.getPledgedMinor()).isEqualTo(12_000);
    }

    @Test
    void aPledgeWhoseSlotWasFreedByAPledgeNotYetReleasedHereIsStillRecorded() {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 100_000, 1);
        String tierId = campaign.getTiers(0).getId();
        RecordPledgeRequest cancelled = pledge(campaign, 1_000).setTierId(tierId).build();
        as(PLEDGE_SERVICE).recordPledge(cancelled);

        // reservation-service gave the one slot to a second backer (the first pledge was cancelled
        // there), and that reservation was converted; its RecordPledge arrives before the
        // first pledge's ReleasePledge.
        as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 1_000).setTierId(tierId).build());
        assertThat(get(creator, campaign.getId()).getTiers(0).getQuantityClaimed()).isEqualTo(2);

        as(PLEDGE_SERVICE).releasePledge(ReleasePledgeRequest.newBuilder().setCampaignId(campaign.getId())
                .setPledgeId(cancelled.getPledgeId()).build());
        assertThat(get(creator, campaign.getId()).getTiers(0).getQuantityClaimed()).isEqualTo(1);
    }

    @Test
    void aTierLimitNeverDropsBelowWhatIsClaimedAndAMinimumIsFixedOncePledged() {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 100_000, 10);
        String tierId = campaign.getTiers(0).getId();
        for (int i = 0; i < 3; i++) {
            as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 1_000).setTierId(tierId).build());
        }
        assertRefused(() -> as(creator).updateTier(UpdateTierRequest.newBuilder().setTierId(tierId).setQuantityLimit(2).build()),
                Status.Code.FAILED_PRECONDITION, "TIER_LIMIT_BELOW_CLAIMED");
        assertRefused(() -> as(creator).updateTier(UpdateTierRequest.newBuilder().setTierId(tierId).setMinPledgeMinor(500).build()),
                Status.Code.FAILED_PRECONDITION, "TIER_HAS_PLEDGES");
        Tier shrunk = as(creator).updateTier(UpdateTierRequest.newBuilder().setTierId(tierId).setQuantityLimit(3).build()).getTier();
        assertThat(shrunk.getQuantityLimit()).isEqualTo(3);
        assertThat(as(PLEDGE_SERVICE).recordPledge(pledge(campaign, 1_000).setTierId(tierId).build()).getAlreadyRecorded())
                .as("slots are reservation-service's to refuse, not campaign-service's").isFalse();
    }

    @Test
    void releasingAnUnknownPledgeIsNotFound() {
        Campaign campaign = launchedCampaign(newCreator(), 10_000, null);
        assertRefused(() -> as(PLEDGE_SERVICE).releasePledge(ReleasePledgeRequest.newBuilder()
                        .setCampaignId(campaign.getId()).setPledgeId(UUID.randomUUID().toString()).build()),
                Status.Code.NOT_FOUND, "PLEDGE_NOT_RECORDED");
    }
}
