package org.crowdfund.pledge.clients;

import io.grpc.ManagedChannel;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.BalancedChannels;

/** Channels to the services pledge-service calls, from CAMPAIGN_GRPC, RESERVATION_GRPC, PAYMENT_GRPC. */
@Factory
public class ServiceTargets {

    @Singleton
    @Bean(preDestroy = "shutdownNow")
    @Named("campaign")
    ManagedChannel campaign(@Value("${crowdfund.pledges.targets.campaign}") String target) {
        return open(target);
    }

    @Singleton
    @Bean(preDestroy = "shutdownNow")
    @Named("reservation")
    ManagedChannel reservation(@Value("${crowdfund.pledges.targets.reservation}") String target) {
        return open(target);
    }

    @Singleton
    @Bean(preDestroy = "shutdownNow")
    @Named("payment")
    ManagedChannel payment(@Value("${crowdfund.pledges.targets.payment}") String target) {
        return open(target);
    }

    /** Round robin over every replica (a dns:/// target of a headless Service; docs/deployment.md). */
    private static ManagedChannel open(String target) {
        return BalancedChannels.forTarget(target).build();
    }
}
