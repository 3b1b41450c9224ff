package org.crowdfund.payment;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceBootTest {

    @Test
    void theServiceReportsServingOverGrpcHealth() {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(PaymentServiceHarness.channel())
                .check(HealthCheckRequest.newBuilder().build());
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
}
