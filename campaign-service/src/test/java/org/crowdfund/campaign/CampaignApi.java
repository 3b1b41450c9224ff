package org.crowdfund.campaign;

import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.time.AdjustableClock;
import org.crowdfund.proto.campaign.v1.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Test helpers: stubs acting as someone, a valid campaign, and error inspection. */
final class CampaignApi {
    static final Principal PLEDGE_SERVICE = Principal.service("pledge-service");

    private CampaignApi() {
    }

    static Principal newCreator() {
        return new Principal("creator-" + UUID.randomUUID(), java.util.Set.of(Principal.ROLE_CREATOR), "c@example.org", "Creator");
    }

    static CampaignServiceGrpc.CampaignServiceBlockingStub as(Principal principal) {
        return Calls.as(CampaignServiceGrpc.newBlockingStub(CampaignServiceHarness.channel()), principal, Duration.ofSeconds(20));
    }

    static Instant now() {
        return CampaignServiceHarness.context().getBean(Clock.class).instant();
    }

    static AdjustableClock clock() {
        return (AdjustableClock) CampaignServiceHarness.context().getBean(Clock.class);
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
    }

    static CreateCampaignRequest.Builder validCampaign() {
        return CreateCampaignRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setTitle("A board game about lighthouses")
                .setDescription("Cooperative, 2-4 players")
                .setFundingModel(FundingModel.FUNDING_MODEL_ALL_OR_NOTHING)
                .setCurrency("USD")
                .setGoalMinor(1_000_000)
                .setEndAt(ts(now().plus(Duration.ofDays(30))));
    }

    static Campaign createDraft(Principal creator) {
        return as(creator).createCampaign(validCampaign().build()).getCampaign();
    }

    static Tier addTier(Principal creator, Campaign campaign, long minPledge, Integer limit) {
        AddTierRequest.Builder tier = AddTierRequest.newBuilder().setCampaignId(campaign.getId())
                .setRequestId(UUID.randomUUID().toString()).setTitle("Tier " + minPledge).setMinPledgeMinor(minPledge)
                .setEstimatedDelivery("2027-06-01");
        if (limit != null) {
            tier.setQuantityLimit(limit);
        }
        return as(creator).addTier(tier.build()).getTier();
    }

    static Campaign launchedCampaign(Principal creator, long goal, Integer tierLimit) {
        Campaign draft = as(creator).createCampaign(validCampaign().setGoalMinor(goal).build()).getCampaign();
        addTier(creator, draft, 1_000, tierLimit);
        return as(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(draft.getId()).build()).getCampaign();
    }

    static RecordPledgeRequest.Builder pledge(Campaign campaign, long amount) {
        return RecordPledgeRequest.newBuilder().setCampaignId(campaign.getId()).setPledgeId(UUID.randomUUID().toString())
                .setAmountMinor(amount).setCurrency(campaign.getCurrency()).setBackerId("backer-" + UUID.randomUUID())
                .setBackerCountry("DE");
    }

    static Campaign get(Principal principal, String campaignId) {
        return as(principal).getCampaign(GetCampaignRequest.newBuilder().setCampaignId(campaignId).build()).getCampaign();
    }

    /** Runs the call, expects it to fail, and returns the failure for inspection. */
    static StatusRuntimeException refused(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("the call should have been refused").isNotNull();
        return e;
    }

    static String reason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return "";
        }
        return status.getDetailsList().stream().filter(d -> d.is(ErrorInfo.class)).findFirst().map(d -> {
            try {
                return d.unpack(ErrorInfo.class).getReason();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).orElse("");
    }

    static List<String> badFields(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        return status == null ? List.of() : status.getDetailsList().stream().filter(d -> d.is(BadRequest.class)).flatMap(d -> {
            try {
                return d.unpack(BadRequest.class).getFieldViolationsList().stream().map(BadRequest.FieldViolation::getField);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).toList();
    }

    static void assertRefused(Runnable call, Status.Code code, String reason) {
        StatusRuntimeException e = refused(call);
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        assertThat(reason(e)).isEqualTo(reason);
    }
}
