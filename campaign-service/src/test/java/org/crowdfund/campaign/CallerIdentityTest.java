package org.crowdfund.campaign;

import io.grpc.StatusRuntimeException;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.Campaign;
import org.crowdfund.proto.campaign.v1.CampaignServiceGrpc;
import org.crowdfund.testsupport.ForgedIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.campaign.CampaignApi.*;

/**
 * Only a verified identity counts: RecordPledge (pledge-service's, role {@code service}) refuses
 * every bare, forged, expired, foreign-signed or misaddressed claim of being pledge-service, and
 * counts nothing; the same claim properly signed is accepted.
 */
class CallerIdentityTest {

    private static CampaignServiceGrpc.CampaignServiceBlockingStub stub() {
        return CampaignServiceGrpc.newBlockingStub(CampaignServiceHarness.channel()).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(ForgedIdentity.class)
    void recordPledgeRefusesABareOrForgedIdentityAndCountsNothing(ForgedIdentity forged) {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 10_000, null);

        StatusRuntimeException e = refused(() -> forged.attach(stub(), CampaignServiceGrpc.SERVICE_NAME)
                .recordPledge(pledge(campaign, 1_000).build()));

        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(forged.code());
        assertThat(reason(e)).isEqualTo(forged.reason());
        assertThat(get(creator, campaign.getId()).getPledgedMinor()).isZero();
    }

    @Test
    void recordPledgeAcceptsPledgeServicesGenuinelySignedIdentity() {
        Principal creator = newCreator();
        Campaign campaign = launchedCampaign(creator, 10_000, null);

        ForgedIdentity.genuine(stub(), CampaignServiceGrpc.SERVICE_NAME).recordPledge(pledge(campaign, 1_000).build());

        assertThat(get(creator, campaign.getId()).getPledgedMinor()).isEqualTo(1_000);
    }
}
