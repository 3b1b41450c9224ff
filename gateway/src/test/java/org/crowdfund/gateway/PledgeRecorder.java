package org.crowdfund.gateway;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.CampaignServiceGrpc;
import org.crowdfund.proto.campaign.v1.RecordPledgeRequest;
import org.crowdfund.platform.identity.IdentitySigner;
import org.crowdfund.proto.campaign.v1.RecordPledgeResponse;
import org.crowdfund.testsupport.TestIdentities;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Records pledges at campaign-service exactly as pledge-service does at the end of its saga
 * (RecordPledge as the {@code pledge-service} principal): what the page's progress and the
 * creator's dashboard are fed from.
 */
final class PledgeRecorder implements AutoCloseable {
    private final ManagedChannel channel;
    private final CampaignServiceGrpc.CampaignServiceBlockingStub stub;

    PledgeRecorder() {
        // calls between services carry an identity signed with the caller's own key: this test
        // process signs as the gateway (its application) and, here, as pledge-service too
        IdentitySigner.install(new IdentitySigner("gateway", List.of(TestIdentities.key("gateway"), TestIdentities.key("pledge-service")),
                Duration.ofMinutes(1), Clock.systemUTC()));
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", GatewayHarness.services().campaign().grpcPort()).usePlaintext().build();
        stub = CampaignServiceGrpc.newBlockingStub(channel);
    }

    RecordPledgeResponse record(String campaignId, String tierId, long amountMinor, String currency, String country) {
        RecordPledgeRequest.Builder request = RecordPledgeRequest.newBuilder().setCampaignId(campaignId)
                .setPledgeId(UUID.randomUUID().toString()).setAmountMinor(amountMinor).setCurrency(currency)
                .setBackerId(UUID.randomUUID().toString()).setBackerCountry(country);
        if (tierId != null) {
            request.setTierId(tierId);
        }
        // the deadline is set per call: a stub's deadline is a point in time
        return Calls.as(stub, Principal.service("pledge-service"), Duration.ofSeconds(20)).recordPledge(request.build());
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
