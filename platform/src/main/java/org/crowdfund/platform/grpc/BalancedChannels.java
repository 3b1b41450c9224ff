package org.crowdfund.platform.grpc;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way a process opens a channel to another service: per-call round robin over every
 * address the target resolves to.
 * <p>
 * With a {@code dns:///<service>-headless:<port>} target (a headless Kubernetes Service) that is
 * every ready pod, so calls spread over all replicas instead of riding one connection to
 * whichever pod a ClusterIP picked. The servers close connections after
 * {@code grpc.server.max-connection-age} (GOAWAY); the channel then resolves the name again
 * and so finds pods that started since. Service-to-service traffic is plaintext inside the
 * cluster (docs/deployment.md).
 */
public final class BalancedChannels {
    private BalancedChannels() {
    }

    /** A builder for {@code target} with round robin; callers add their interceptors and retries. */
    public static NettyChannelBuilder forTarget(String target) {
        return NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .defaultServiceConfig(serviceConfig(Map.of()));
    }

    /**
     * {@code serviceConfig} (a gRPC service config, e.g. retry policies) with round robin added;
     * pass the result to {@code defaultServiceConfig}, which replaces the one set by
     * {@link #forTarget}.
     */
    public static Map<String, Object> serviceConfig(Map<String, ?> serviceConfig) {
        Map<String, Object> balanced = new HashMap<>(serviceConfig);
        balanced.put("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())));
        return balanced;
    }
}
