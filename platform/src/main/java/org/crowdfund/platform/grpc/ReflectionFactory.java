package org.crowdfund.platform.grpc;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** gRPC server reflection, so grpcurl and friends can explore every service. */
@Factory
public class ReflectionFactory {

    @Singleton
    @Requires(property = "grpc.server.reflection.enabled", notEquals = "false")
    BindableService reflection() {
        return ProtoReflectionServiceV1.newInstance();
    }
}
