package org.crowdfund.pledge;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import com.google.rpc.ErrorInfo;
import io.micronaut.context.ApplicationContext;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.*;
import org.crowdfund.proto.pledge.v1.*;
import org.crowdfund.proto.reservation.v1.GetAvailabilityRequest;
import org.crowdfund.proto.reservation.v1.ReservationServiceGrpc;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.proto.reservation.v1.TierAvailability;
import org.crowdfund.stripe.emulator.MoneyMovement;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.testsupport.TestInfra;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** Calls the services of {@link PledgeHarness} as backers, creators and admins; every test makes its own. */
public final class PledgeApi {
    public static final Principal ADMIN = new Principal("admin-" + TestInfra.shortId(), Set.of(Principal.ROLE_ADMIN), "", "");
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Map<Integer, ManagedChannel> CHANNELS = new ConcurrentHashMap<>();

    private final PledgeHarness.Services services;
    private final int pledgePort;
    private final StripeEmulator stripe;
    private final Map<String, String> referenceOfIntent = new ConcurrentHashMap<>();

    public PledgeApi(ApplicationContext pledgeService) {
        this(PledgeHarness.grpcPort(pledgeService));
    }

    public PledgeApi(int pledgePort) {
        this(pledgePort, PledgeHarness.services());
    }

    /** Against other campaign- and reservation-services than the shared ones (a test with its own broker). */
    public PledgeApi(int pledgePort, PledgeHarness.Services services) {
        this.services = services;
        this.pledgePort = pledgePort;
        this.stripe = PledgeHarness.stripe();
    }

    static ManagedChannel channel(int port) {
        return CHANNELS.computeIfAbsent(port, p -> ManagedChannelBuilder.forAddress("127.0.0.1", p).usePlaintext().build());
    }

    public static Principal backer() {
        String id = "backer-" + TestInfra.shortId();
        return new Principal(id, Set.of(Principal.ROLE_BACKER), id + "@example.test", "Backer " + id);
    }

    public static Principal creator() {
        return new Principal("creator-" + TestInfra.shortId(), Set.of(Principal.ROLE_CREATOR), "", "");
    }

    public PledgeServiceGrpc.PledgeServiceBlockingStub pledges(Principal as) {
        return Calls.as(PledgeServiceGrpc.newBlockingStub(channel(pledgePort)), as, DEADLINE);
    }

    public CampaignServiceGrpc.CampaignServiceBlockingStub campaigns(Principal as) {
        return Calls.as(CampaignServiceGrpc.newBlockingStub(channel(services.campaign().grpcPort())), as, DEADLINE);
    }

    public ReservationServiceGrpc.ReservationServiceBlockingStub reservations(Principal as) {
        return Calls.as(ReservationServiceGrpc.newBlockingStub(channel(services.reservation().grpcPort())), as, DEADLINE);
    }

    public record Tiered(Campaign campaign, List<Tier> tiers) {
        public String id() {
            return campaign.getId();
        }

        public String tier(int index) {
            return tiers.get(index).getId();
        }
    }

    /**
     * A launched campaign of a new creator ending {@code endIn} from now, with one tier per limit
     * ({@code null} = unlimited, minimum 1000 + index); limited tiers are ready to reserve.
     */
    public Tiered campaign(Principal creator, FundingModel model, long goalMinor, Duration endIn, int cutoffHours,
                           Integer... limits) {
        Campaign draft = campaigns(creator).createCampaign(CreateCampaignRequest.newBuilder().setRequestId(TestInfra.shortId())
                .setTitle("Campaign " + TestInfra.shortId()).setDescription("A test campaign").setFundingModel(model)
                .setCurrency("USD").setGoalMinor(goalMinor).setEndAt(timestamp(Instant.now().plus(endIn).truncatedTo(ChronoUnit.SECONDS)))
                .setPledgeCutoffHours(cutoffHours).setNoRewards(limits.length == 0).build()).getCampaign();
        for (int i = 0; i < limits.length; i++) {
            AddTierRequest.Builder tier = AddTierRequest.newBuilder().setCampaignId(draft.getId()).setRequestId(TestInfra.shortId())
                    .setTitle("Tier " + i).setDescription("A reward").setMinPledgeMinor(1000 + i).setEstimatedDelivery("2027-06-01");
            if (limits[i] != null) {
                tier.setQuantityLimit(limits[i]);
            }
            campaigns(creator).addTier(tier.build());
        }
        Campaign launched = campaigns(creator).launchCampaign(LaunchCampaignRequest.newBuilder().setCampaignId(draft.getId()).build())
                .getCampaign();
        for (Tier t : launched.getTiersList()) {
            if (t.hasQuantityLimit()) {
                await().atMost(PledgeHarness.await()).pollInterval(Duration.ofMillis(100))
                        .until(() -> availability(launched.getId()).stream().anyMatch(a -> a.getTierId().equals(t.getId()) && a.getTracked()));
            }
        }
        List<Tier> ordered = launched.getTiersList().stream().sorted((a, b) -> a.getTitle().compareTo(b.getTitle())).toList();
        return new Tiered(launched, ordered);
    }

    public List<TierAvailability> availability(String campaignId) {
        return reservations(PledgeApi.ADMIN).getAvailability(GetAvailabilityRequest.newBuilder().setCampaignId(campaignId).build())
                .getTiersList();
    }

    public int slotsLeft(String campaignId, String tierId) {
        return availability(campaignId).stream().filter(a -> a.getTierId().equals(tierId)).findFirst().orElseThrow().getAvailable();
    }

    public String reserve(Principal backer, String tierId) {
        return reservations(backer).reserve(ReserveRequest.newBuilder().setTierId(tierId).setQuantity(1).build())
                .getReservation().getId();
    }

    public CreatePledgeRequest.Builder request(String campaignId, String tierId, long amountMinor, String paymentMethod) {
        return CreatePledgeRequest.newBuilder().setIdempotencyKey("key-" + TestInfra.shortId()).setCampaignId(campaignId)
                .setTierId(tierId == null ? "" : tierId).setAmountMinor(amountMinor).setCurrency("USD")
                .setPaymentMethodId(paymentMethod).setCountry("DE");
    }

    public Pledge pledge(Principal backer, CreatePledgeRequest request) {
        return pledges(backer).createPledge(request).getPledge();
    }

    public Pledge get(Principal backer, String pledgeId) {
        return pledges(backer).getPledge(GetPledgeRequest.newBuilder().setPledgeId(pledgeId).build()).getPledge();
    }

    public Campaign campaign(String campaignId) {
        return campaigns(ADMIN).getCampaign(GetCampaignRequest.newBuilder().setCampaignId(campaignId).build()).getCampaign();
    }

    public void end(String campaignId) {
        campaigns(ADMIN).endCampaign(EndCampaignRequest.newBuilder().setCampaignId(campaignId).build());
    }

    public Settlement settlement(String campaignId) {
        return pledges(ADMIN).getSettlement(GetSettlementRequest.newBuilder().setCampaignId(campaignId).build()).getSettlement();
    }

    /** Waits until pledge-service settled the campaign and campaign-service took its final state. */
    public Settlement awaitSettled(String campaignId, CampaignStatus finalStatus) {
        await().atMost(PledgeHarness.await()).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> "settled".equals(settlement(campaignId).getPhase()));
        await().atMost(PledgeHarness.await()).pollInterval(Duration.ofMillis(200))
                .until(() -> campaign(campaignId).getStatus() == finalStatus);
        return settlement(campaignId);
    }

    /** Every movement of money at the emulator for this pledge's payment intents (metadata crowdfund_reference). */
    public List<MoneyMovement> movements(String pledgeId) {
        return stripe.ledger().movements().stream().filter(m -> pledgeId.equals(reference(m.paymentIntent()))).toList();
    }

    public long count(String pledgeId, MoneyMovement.Type type) {
        return movements(pledgeId).stream().filter(m -> m.type() == type).count();
    }

    private String reference(String intent) {
        if (intent == null) {
            return "";
        }
        return referenceOfIntent.computeIfAbsent(intent, id -> {
            var object = stripe.object(id);
            var metadata = object == null ? null : object.get("metadata");
            return metadata == null || metadata.get("crowdfund_reference") == null ? "" : metadata.get("crowdfund_reference").asText();
        });
    }

    /** The refusal's gRPC code and ErrorInfo reason. */
    public record Refusal(Status.Code code, String reason, String message, Map<String, String> metadata) {
    }

    public static Refusal refusal(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(call::run, StatusRuntimeException.class);
        assertThat(e).as("expected a refusal").isNotNull();
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        ErrorInfo info = null;
        if (status != null) {
            for (var d : status.getDetailsList()) {
                if (d.is(ErrorInfo.class)) {
                    try {
                        info = d.unpack(ErrorInfo.class);
                    } catch (Exception ignored) {
                        // not ours
                    }
                }
            }
        }
        return new Refusal(e.getStatus().getCode(), info == null ? "" : info.getReason(), e.getStatus().getDescription(),
                info == null ? Map.of() : info.getMetadataMap());
    }
}
