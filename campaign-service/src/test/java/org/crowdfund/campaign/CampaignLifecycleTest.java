package org.crowdfund.campaign;

import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.*;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.campaign.CampaignApi.*;

class CampaignLifecycleTest {

    @Test
    void aCreatorDraftsAddsTiersAndLaunchesACampaign() {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        assertThat(draft.getStatus()).isEqualTo(CampaignStatus.CAMPAIGN_STATUS_DRAFT);
        assertThat(draft.getCreatorId()).isEqualTo(creator.subject());
        assertThat(draft.getPledgeCutoffHours()).isEqualTo(48);

        Tier limited = addTier(creator, draft, 2_500, 100);
        Tier unlimited = addTier(creator, draft, 10_000, null);
        assertThat(limited.hasQuantityLimit()).isTrue();
        assertThat(unlimited.hasQuantityLimit()).isFalse();

        Campaign launched = as(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(draft.getId()).build())
                .getCampaign();
        assertThat(launched.getStatus()).isEqualTo(CampaignStatus.CAMPAIGN_STATUS_ACTIVE);
        assertThat(launched.hasLaunchedAt()).isTrue();
        assertThat(launched.getTiersList()).extracting(Tier::getId).containsExactly(limited.getId(), unlimited.getId());
        assertThat(launched.getPledgeCutoffAt().getSeconds())
                .isEqualTo(launched.getEndAt().getSeconds() - 48 * 3600);
    }

    @Test
    void theSameRequestIdCreatesOneCampaign() {
        Principal creator = newCreator();
        CreateCampaignRequest request = validCampaign().build();
        Campaign first = as(creator).createCampaign(request).getCampaign();
        Campaign again = as(creator).createCampaign(request).getCampaign();
        assertThat(again.getId()).isEqualTo(first.getId());
        assertRefused(() -> as(creator).createCampaign(request.toBuilder().setGoalMinor(5).build()),
                Status.Code.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void launchingTwiceIsAConflict() {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 10_000, null);
        assertRefused(() -> as(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(campaign.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "CAMPAIGN_NOT_DRAFT");
    }

    @Test
    void aCampaignWithoutTiersLaunchesOnlyWhenExplicitlyRunWithoutRewards() {
        Principal creator = newCreator();
        Campaign noTiers = createDraft(creator);
        var e = refused(() -> as(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(noTiers.getId()).build()));
        assertThat(badFields(e)).contains("tiers");
        assertThat(get(creator, noTiers.getId()).getStatus()).isEqualTo(CampaignStatus.CAMPAIGN_STATUS_DRAFT);

        Campaign noRewards = as(creator).createCampaign(validCampaign().setNoRewards(true).build()).getCampaign();
        assertThat(as(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(noRewards.getId()).build())
                .getCampaign().getStatus()).isEqualTo(CampaignStatus.CAMPAIGN_STATUS_ACTIVE);
    }

    @Test
    void anotherCreatorCannotChangeACampaign() {
        Principal owner = newCreator();
        Principal intruder = newCreator();
        Campaign campaign = createDraft(owner);
        addTier(owner, campaign, 1_000, null);
        // a draft is invisible to others: not found rather than revealing it exists
        assertRefused(() -> as(intruder).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(campaign.getId()).build()),
                Status.Code.NOT_FOUND, "CAMPAIGN_NOT_FOUND");
        as(owner).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(campaign.getId()).build());
        assertRefused(() -> as(intruder).cancelCampaign(CancelCampaignRequest.newBuilder().setCampaignId(campaign.getId()).build()),
                Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertRefused(() -> as(intruder).updateCampaign(UpdateCampaignRequest.newBuilder().setCampaignId(campaign.getId())
                .setTitle("mine now").build()), Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertRefused(() -> addTier(intruder, campaign, 500, null), Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertThat(get(owner, campaign.getId()).getTitle()).isEqualTo(campaign.getTitle());
        assertThat(get(owner, campaign.getId()).getTiersCount()).isEqualTo(1);
    }

    @Test
    void anAdminMayCancelAnyCampaign() {
        Campaign campaign = launchedCampaign(newCreator(), 10_000, null);
        Campaign cancelled = as(Principal.of("admin-1", Principal.ROLE_ADMIN)).cancelCampaign(CancelCampaignRequest.newBuilder()
                .setCampaignId(campaign.getId()).setReason("fraud report").build()).getCampaign();
        assertThat(cancelled.getStatus()).isEqualTo(CampaignStatus.CAMPAIGN_STATUS_CANCELLED);
        assertThat(cancelled.getCancelReason()).isEqualTo("fraud report");
    }

    @Test
    void backersCannotCreateCampaignsAndAnonymousCallersMustSignIn() {
        assertRefused(() -> as(Principal.of("backer-1", Principal.ROLE_BACKER)).createCampaign(validCampaign().build()),
                Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertRefused(() -> as(Principal.ANONYMOUS).createCampaign(validCampaign().build()),
                Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED");
    }

    @Test
    void aLiveCampaignKeepsItsPromisesButMayRewordItself() {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 10_000, null);
        assertRefused(() -> as(creator).updateCampaign(UpdateCampaignRequest.newBuilder().setCampaignId(campaign.getId())
                .setGoalMinor(5_000).build()), Status.Code.FAILED_PRECONDITION, "CAMPAIGN_ACTIVE");
        Campaign reworded = as(creator).updateCampaign(UpdateCampaignRequest.newBuilder().setCampaignId(campaign.getId())
                .setTitle("Lighthouses: second printing").build()).getCampaign();
        assertThat(reworded.getTitle()).isEqualTo("Lighthouses: second printing");
        assertThat(reworded.getGoalMinor()).isEqualTo(10_000);
    }

    @Test
    void aStaleVersionIsRefusedSoConcurrentEditsAreNotLost() {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        as(creator).updateCampaign(UpdateCampaignRequest.newBuilder().setCampaignId(draft.getId())
                .setTitle("first edit").setExpectedVersion(draft.getVersion()).build());
        assertRefused(() -> as(creator).updateCampaign(UpdateCampaignRequest.newBuilder().setCampaignId(draft.getId())
                .setTitle("second edit").setExpectedVersion(draft.getVersion()).build()), Status.Code.ABORTED, "VERSION_CONFLICT");
        assertThat(get(creator, draft.getId()).getTitle()).isEqualTo("first edit");
    }

    @Test
    void cancellingIsPossibleFromDraftAndActiveOnly() {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        Campaign cancelled = as(creator).cancelCampaign(CancelCampaignRequest.newBuilder().setCampaignId(draft.getId()).build())
                .getCampaign();
        assertThat(cancelled.getStatus()).isEqualTo(CampaignStatus.CAMPAIGN_STATUS_CANCELLED);
        assertRefused(() -> as(creator).cancelCampaign(CancelCampaignRequest.newBuilder().setCampaignId(draft.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "CAMPAIGN_NOT_CANCELLABLE");
        assertRefused(() -> as(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(draft.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "CAMPAIGN_NOT_DRAFT");
    }

    @Test
    void listingPagesThroughEveryCampaignOnceEvenWhileNewOnesAppear() {
        Principal creator = newCreator();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(launchedCampaign(creator, 10_000 + i, null).getId());
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            ListCampaignsResponse page = as(Principal.ANONYMOUS).listCampaigns(ListCampaignsRequest.newBuilder()
                    .setCreatorId(creator.subject()).setPageSize(3).setPageToken(token).build());
            page.getCampaignsList().forEach(c -> seen.add(c.getId()));
            token = page.getNextPageToken();
            if (seen.size() == 3) {
                launchedCampaign(creator, 99_999, null); // newer than the cursor: not in this walk
            }
        } while (!token.isEmpty());
        assertThat(seen).doesNotHaveDuplicates().containsAll(created).hasSize(7);
    }

    @Test
    void draftsAreListedOnlyForTheirCreator() {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        var mine = as(creator).listCampaigns(ListCampaignsRequest.newBuilder().setCreatorId(creator.subject()).build());
        var theirs = as(newCreator()).listCampaigns(ListCampaignsRequest.newBuilder().setCreatorId(creator.subject()).build());
        assertThat(mine.getCampaignsList()).extracting(Campaign::getId).contains(draft.getId());
        assertThat(theirs.getCampaignsList()).extracting(Campaign::getId).doesNotContain(draft.getId());
    }

    @Test
    void listingFiltersByStatus() {
        Principal creator = newCreator();
        Campaign active = launchedCampaign(creator, 10_000, null);
        Campaign draft = createDraft(creator);
        var page = as(creator).listCampaigns(ListCampaignsRequest.newBuilder().setCreatorId(creator.subject())
                .addStatuses(CampaignStatus.CAMPAIGN_STATUS_DRAFT).build());
        assertThat(page.getCampaignsList()).extracting(Campaign::getId).contains(draft.getId()).doesNotContain(active.getId());
    }

    @Test
    void aPageTokenFromAnotherListIsRefused() {
        Principal creator = newCreator();
        for (int i = 0; i < 3; i++) {
            launchedCampaign(creator, 10_000, null);
        }
        String token = as(creator).listCampaigns(ListCampaignsRequest.newBuilder().setCreatorId(creator.subject())
                .setPageSize(1).build()).getNextPageToken();
        assertThat(token).isNotEmpty();
        var e = refused(() -> as(creator).listCampaigns(ListCampaignsRequest.newBuilder().setPageSize(1).setPageToken(token).build()));
        assertThat(badFields(e)).containsExactly("page_token");
        var garbage = refused(() -> as(creator).listCampaigns(ListCampaignsRequest.newBuilder().setPageToken("%%%").build()));
        assertThat(badFields(garbage)).containsExactly("page_token");
    }

    @Test
    void unknownIdsAreNotFoundAndMalformedOnesInvalid() {
        Principal creator = newCreator();
        assertRefused(() -> get(creator, UUID.randomUUID().toString()), Status.Code.NOT_FOUND, "CAMPAIGN_NOT_FOUND");
        assertRefused(() -> get(creator, "not-a-uuid"), Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED");
        assertRefused(() -> as(creator).updateTier(UpdateTierRequest.newBuilder().setTierId(UUID.randomUUID().toString())
                .setTitle("x").build()), Status.Code.NOT_FOUND, "TIER_NOT_FOUND");
    }

    @Test
    void creatorUpdatesArePostedOnceToLaunchedCampaignsAndListedNewestFirst() {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        assertRefused(() -> as(creator).postCreatorUpdate(PostCreatorUpdateRequest.newBuilder().setCampaignId(draft.getId())
                .setTitle("hi").setBody("too early").build()), Status.Code.FAILED_PRECONDITION, "CAMPAIGN_NOT_LAUNCHED");
        Campaign live = launchedCampaign(creator, 10_000, null);
        PostCreatorUpdateRequest first = PostCreatorUpdateRequest.newBuilder().setCampaignId(live.getId())
                .setRequestId("u1").setTitle("Prototype done").setBody("Photos inside").build();
        CreatorUpdate posted = as(creator).postCreatorUpdate(first).getUpdate();
        assertThat(as(creator).postCreatorUpdate(first).getUpdate().getId()).isEqualTo(posted.getId());
        as(creator).postCreatorUpdate(first.toBuilder().setRequestId("u2").setTitle("Factory found").build());
        var list = as(Principal.ANONYMOUS).listCreatorUpdates(ListCreatorUpdatesRequest.newBuilder()
                .setCampaignId(live.getId()).build());
        assertThat(list.getUpdatesList()).extracting(CreatorUpdate::getTitle).containsExactly("Factory found", "Prototype done");
    }
}
