package org.crowdfund.gateway.clients;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.crowdfund.proto.campaign.v1.CampaignServiceGrpc;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcChannelsTest {

    @Test
    @SuppressWarnings("unchecked")
    void onlyReadsAreRetriedAndOnlyOnUnavailable() {
        GrpcChannels channels = new GrpcChannels(new GrpcConfiguration(), new SimpleMeterRegistry());

        Map<String, Object> config = channels.readRetryConfig(CampaignServiceGrpc.getServiceDescriptor());

        Map<String, Object> methodConfig = ((List<Map<String, Object>>) config.get("methodConfig")).get(0);
        List<String> retried = ((List<Map<String, Object>>) methodConfig.get("name")).stream()
                .map(name -> (String) name.get("method")).toList();
        assertThat(retried).containsExactlyInAnyOrder("GetCampaign", "ListCampaigns", "GetTier", "ListCreatorUpdates",
                "GetDashboard");
        assertThat((Map<String, Object>) methodConfig.get("retryPolicy"))
                .containsEntry("retryableStatusCodes", List.of("UNAVAILABLE")).containsEntry("maxAttempts", 3.0);
    }

    @Test
    void oneAttemptMeansNoRetryPolicyAtAll() {
        GrpcConfiguration config = new GrpcConfiguration();
        config.setReadAttempts(1);

        assertThat(new GrpcChannels(config, new SimpleMeterRegistry())
                .readRetryConfig(CampaignServiceGrpc.getServiceDescriptor())).isEmpty();
    }
}
