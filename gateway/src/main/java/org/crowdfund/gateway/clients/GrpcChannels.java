package org.crowdfund.gateway.clients;

import io.grpc.ManagedChannel;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.platform.grpc.BalancedChannels;
import org.crowdfund.platform.grpc.Calls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One channel per service, and the one way calls are made on them: with the caller's principal
 * as a signed identity token, the request id and the configured deadline, failures turned into
 * {@link ServiceCallException}.
 * <p>
 * Retries: gRPC's transparent retry (a call that never reached the server) covers every method.
 * Beyond that only reads are retried, on UNAVAILABLE, through the channel's service config:
 * by the API naming rules (AIP-131/132) methods called Get* and List* have no side effects.
 * Writes are not retried here even though services make them idempotent, because the browser
 * that sent the request decides whether to try again.
 */
@Singleton
public class GrpcChannels {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcChannels.class);

    private final GrpcConfiguration config;
    private final MeterRegistry meters;
    private final Map<String, ManagedChannel> open = new ConcurrentHashMap<>();

    public GrpcChannels(GrpcConfiguration config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    /** The channel to a service named in {@code crowdfund.grpc.targets}, opened once. */
    public ManagedChannel open(String service, ServiceDescriptor descriptor) {
        return open.computeIfAbsent(service, name -> {
            String target = config.getTargets().get(name);
            if (target == null || target.isBlank()) {
                throw new ConfigurationException("no gRPC target configured for " + name
                        + " (crowdfund.grpc.targets." + name + ")");
            }
            LOG.info("{} service at {}", name, target);
            return BalancedChannels.forTarget(target)
                    .enableRetry()
                    .defaultServiceConfig(serviceConfig(descriptor))
                    .intercept(new ClientCallMetrics(meters, name))
                    .build();
        });
    }

    /** Calls {@code rpc} on {@code stub} for {@code caller}, within the deadline. */
    public <S extends AbstractStub<S>, R> R call(String service, S stub, Caller caller, Function<S, R> rpc) {
        try {
            return rpc.apply(prepare(stub, caller, config.getDeadline()));
        } catch (StatusRuntimeException e) {
            throw new ServiceCallException(service, e);
        }
    }

    /**
     * {@code stub} carrying the caller's signed identity, request id and a deadline of its own, for calls that must
     * not take as long as the default allows (reads that only decorate a page) or that are
     * started asynchronously to run beside another call.
     */
    public <S extends AbstractStub<S>> S prepare(S stub, Caller caller, Duration deadline) {
        return Calls.as(stub, caller.principal(), caller.requestId(), deadline);
    }

    /**
     * Round robin over every address the target resolves to (a headless Service's pod IPs with a
     * {@code dns:///} target), so new replicas get calls without waiting for new connections; plus
     * the retry policy for reads.
     */
    Map<String, Object> serviceConfig(ServiceDescriptor descriptor) {
        return BalancedChannels.serviceConfig(readRetryConfig(descriptor));
    }

    Map<String, Object> readRetryConfig(ServiceDescriptor descriptor) {
        List<Map<String, Object>> reads = descriptor.getMethods().stream()
                .filter(m -> m.getBareMethodName() != null
                        && (m.getBareMethodName().startsWith("Get") || m.getBareMethodName().startsWith("List")))
                .map(m -> Map.<String, Object>of("service", descriptor.getName(), "method", m.getBareMethodName()))
                .toList();
        if (reads.isEmpty() || config.getReadAttempts() < 2) {
            return Map.of();
        }
        Map<String, Object> retryPolicy = Map.of(
                "maxAttempts", (double) config.getReadAttempts(),
                "initialBackoff", "0.1s",
                "maxBackoff", "1s",
                "backoffMultiplier", 2.0,
                "retryableStatusCodes", List.of("UNAVAILABLE"));
        return Map.of("methodConfig", List.of(Map.of("name", reads, "retryPolicy", retryPolicy)));
    }

    @PreDestroy
    void close() {
        open.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : open.values()) {
            try {
                if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.shutdownNow();
            }
        }
    }
}
