package org.crowdfund.platform.grpc;

import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real gRPC servers behind one name, called through the channel every service uses. The
 * name resolves through a resolver that, like DNS for a headless Service, answers with the
 * current set of pod addresses only when the channel asks it again.
 */
class BalancedChannelsTest {
    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (Server server : servers) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void callsAlternateBetweenEveryAddressTheNameResolvesTo() throws IOException {
        Replica a = start(builder -> builder);
        Replica b = start(builder -> builder);
        Pods pods = Pods.register("two-replicas", a.address, b.address);
        HealthGrpc.HealthBlockingStub health = stub(pods.target());

        // both connections come up after the first calls
        callUntil(health, () -> a.calls.get() > 0 && b.calls.get() > 0);

        int beforeA = a.calls.get();
        int beforeB = b.calls.get();
        for (int i = 0; i < 100; i++) {
            health.check(HealthCheckRequest.getDefaultInstance());
        }
        assertEquals(50, a.calls.get() - beforeA, "round robin sends every second call to each replica");
        assertEquals(50, b.calls.get() - beforeB);
    }

    @Test
    void aMaximumConnectionAgeMakesClientsFindAReplicaThatStartedLater() throws IOException {
        // what grpc.server.max-connection-age(-grace) in each service's application.yml sets
        Replica a = start(builder -> builder.maxConnectionAge(300, TimeUnit.MILLISECONDS)
                .maxConnectionAgeGrace(1, TimeUnit.SECONDS));
        Pods pods = Pods.register("scale-out", a.address);
        HealthGrpc.HealthBlockingStub health = stub(pods.target());
        health.check(HealthCheckRequest.getDefaultInstance());
        assertEquals(1, a.calls.get());

        Replica b = start(builder -> builder);
        pods.now(a.address, b.address);   // a new pod: DNS knows it, the channel does not yet

        callUntil(health, () -> b.calls.get() > 0);
        assertTrue(pods.resolutions.get() > 1, "the channel asked for the addresses again");
    }

    private Replica start(Function<NettyServerBuilder, NettyServerBuilder> configure) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        ServerInterceptor counting = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                calls.incrementAndGet();
                return next.startCall(call, headers);
            }
        };
        Server server = configure.apply(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)))
                .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), counting))
                .build()
                .start();
        servers.add(server);
        return new Replica(new InetSocketAddress("127.0.0.1", server.getPort()), calls);
    }

    private HealthGrpc.HealthBlockingStub stub(String target) {
        ManagedChannel channel = BalancedChannels.forTarget(target).build();
        channels.add(channel);
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** Calls until {@code condition} holds; fails if it never does within 30 s. */
    private static void callUntil(HealthGrpc.HealthBlockingStub health, java.util.function.BooleanSupplier condition) {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(giveUp), "condition not reached within 30 s of calls");
            health.check(HealthCheckRequest.getDefaultInstance());
        }
    }

    private record Replica(InetSocketAddress address, AtomicInteger calls) {
    }

    /** A name whose addresses the test changes, published only when the channel resolves again. */
    private static final class Pods extends NameResolverProvider {
        private final String scheme;
        private final String name;
        private final List<SocketAddress> current = new CopyOnWriteArrayList<>();
        private final AtomicInteger resolutions = new AtomicInteger();

        private Pods(String name, SocketAddress... addresses) {
            this.name = name;
            this.scheme = "testpods-" + name;   // one provider per scheme in the registry
            now(addresses);
        }

        static Pods register(String name, SocketAddress... addresses) {
            Pods pods = new Pods(name, addresses);
            NameResolverRegistry.getDefaultRegistry().register(pods);
            return pods;
        }

        String target() {
            return scheme + ":///" + name;
        }

        void now(SocketAddress... addresses) {
            current.clear();
            current.addAll(List.of(addresses));
        }

        @Override
        public NameResolver newNameResolver(URI target, NameResolver.Args args) {
            if (!scheme.equals(target.getScheme()) || !target.getPath().equals("/" + name)) {
                return null;
            }
            return new NameResolver() {
                private Listener2 listener;

                @Override
                public String getServiceAuthority() {
                    return name;
                }

                @Override
                public void start(Listener2 listener) {
                    this.listener = listener;
                    resolve();
                }

                @Override
                public void refresh() {
                    resolve();
                }

                private void resolve() {
                    resolutions.incrementAndGet();
                    List<EquivalentAddressGroup> groups = current.stream().map(EquivalentAddressGroup::new).toList();
                    listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
                }

                @Override
                public void shutdown() {
                }
            };
        }

        @Override
        public String getDefaultScheme() {
            return scheme;
        }

        @Override
        protected boolean isAvailable() {
            return true;
        }

        @Override
        protected int priority() {
            // below DNS (5), which stays the scheme of targets that name none
            return 4;
        }
    }
}
