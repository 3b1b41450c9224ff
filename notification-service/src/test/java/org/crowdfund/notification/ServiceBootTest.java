package org.crowdfund.notification;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Until its issue comes, notification-service only boots, migrates its database and reports health. */
class ServiceBootTest {

    @Test
    void theServiceBootsAndReportsServingOverGrpcHealth() {
        try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class,
                TestInfra.serviceProperties("notification"), "test").getApplicationContext()) {
            int port = context.getBean(GrpcEmbeddedServer.class).getPort();
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                HealthCheckResponse response = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder().build());
                assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
