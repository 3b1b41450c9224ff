package org.crowdfund.reservation;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.transaction.TransactionOperations;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.events.NatsConnections;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.platform.time.AdjustableClock;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.RewardTierChanged;
import org.crowdfund.proto.reservation.v1.GetInventoryRequest;
import org.crowdfund.proto.reservation.v1.Inventory;
import org.crowdfund.proto.reservation.v1.ReservationServiceGrpc;
import org.crowdfund.testsupport.SharedContexts;
import org.crowdfund.testsupport.TestInfra;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * The reservation-service instances every test class of this module talks to over real gRPC
 * channels: a primary, and a second replica on the same database and NATS stream for the tests
 * where concurrency between replicas matters. Campaign events are fed by publishing real
 * RewardTierChanged messages onto the test stream.
 */
final class ReservationHarness {
    static final Principal SERVICE = Principal.service("pledge-service");
    static final Principal ADMIN = Principal.of("admin-1", Principal.ROLE_ADMIN);
    private static final AtomicLong REVISIONS = new AtomicLong();
    private static final java.util.List<ApplicationContext> REPLICAS = new java.util.ArrayList<>();

    private static Map<String, Object> properties;
    private static Map<String, Object> databaseOverride = Map.of();
    private static ManagedChannel primaryChannel;
    private static ManagedChannel secondaryChannel;
    private static io.nats.client.Connection nats;

    private ReservationHarness() {
    }

    static synchronized ApplicationContext primary() {
        return SharedContexts.get("reservation-service", () -> {
            properties = TestInfra.serviceProperties("reservation");
            properties.putAll(databaseOverride);
            properties.put("crowdfund.events.relay-interval", "50ms");
            properties.put("crowdfund.reservations.expiry-interval", "100ms");
            properties.put("crowdfund.reservations.gauge-interval", "200ms");
            properties.put("crowdfund.reservations.reconcile-initial-delay", "1h");
            properties.put("datasources.default.maximum-pool-size", 16);
            return ApplicationContext.run(EmbeddedServer.class, properties, "test").getApplicationContext();
        });
    }

    /** Runs the service on another database (the benchmark's private server); call before anything starts. */
    static synchronized void useDatabase(String url, String user, String password) {
        if (properties != null) {
            throw new IllegalStateException("the service already runs on " + properties.get("datasources.default.url"));
        }
        databaseOverride = Map.of("datasources.default.url", url, "datasources.default.username", user,
                "datasources.default.password", password);
    }

    /** A second replica on the same database and stream, with its clock at the primary's time. */
    static synchronized ApplicationContext secondary() {
        return replica("reservation-service-2", Map.of());
    }

    /** Another replica on the primary's database and stream, with settings changed by {@code overrides}. */
    static synchronized ApplicationContext replica(String name, Map<String, Object> overrides) {
        ApplicationContext first = primary();
        return SharedContexts.get(name, () -> {
            Map<String, Object> props = new HashMap<>(properties);
            props.put("grpc.server.port", TestInfra.freePort());
            props.putAll(overrides);
            ApplicationContext other = ApplicationContext.run(EmbeddedServer.class, props, "test").getApplicationContext();
            clock(other).advance(clock(first).offset());
            REPLICAS.add(other);
            return other;
        });
    }

    /**
     * A counter summed over every running replica: replicas share the durable consumer, so an
     * event may be applied by any of them.
     */
    static synchronized double counterOnAllReplicas(String name) {
        double sum = primary().getBean(io.micrometer.core.instrument.MeterRegistry.class).counter(name).count();
        for (ApplicationContext replica : REPLICAS) {
            if (replica.isRunning()) {
                sum += replica.getBean(io.micrometer.core.instrument.MeterRegistry.class).counter(name).count();
            }
        }
        return sum;
    }

    static String databaseUrl() {
        primary();
        return (String) properties.get("datasources.default.url");
    }

    static synchronized ManagedChannel channel() {
        if (primaryChannel == null) {
            primaryChannel = open(primary());
        }
        return primaryChannel;
    }

    static synchronized ManagedChannel secondaryChannel() {
        if (secondaryChannel == null) {
            secondaryChannel = open(secondary());
        }
        return secondaryChannel;
    }

    static ManagedChannel open(ApplicationContext ctx) {
        int port = ctx.getBean(GrpcEmbeddedServer.class).getPort();
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** A stub acting as {@code principal} on the primary, with a deadline. */
    static ReservationServiceGrpc.ReservationServiceBlockingStub as(Principal principal) {
        return Calls.as(ReservationServiceGrpc.newBlockingStub(channel()), principal, Duration.ofSeconds(20));
    }

    static ReservationServiceGrpc.ReservationServiceBlockingStub asOn(ManagedChannel channel, Principal principal) {
        return Calls.as(ReservationServiceGrpc.newBlockingStub(channel), principal, Duration.ofSeconds(30));
    }

    static ReservationServiceGrpc.ReservationServiceBlockingStub anonymous() {
        return ReservationServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    static Principal newBacker() {
        return Principal.of("backer-" + UUID.randomUUID(), Principal.ROLE_BACKER);
    }

    /** Moves time forward on every running replica alike. */
    static synchronized void advance(Duration by) {
        clock(primary()).advance(by);
        if (secondaryChannel != null) {
            clock(secondary()).advance(by);
        }
    }

    static AdjustableClock clock(ApplicationContext ctx) {
        return (AdjustableClock) ctx.getBean(Clock.class);
    }

    // ---- campaign events -------------------------------------------------------------------

    record Tier(UUID campaignId, UUID tierId) {
        String id() {
            return tierId.toString();
        }

        String campaign() {
            return campaignId.toString();
        }
    }

    /** A new limited tier of a new campaign, with its inventory in place. */
    static Tier limitedTier(int limit) {
        return limitedTier(limit, 0);
    }

    static Tier limitedTier(int limit, int ttlMinutes) {
        Tier tier = new Tier(Ids.newId(), Ids.newId());
        publishTierChanged(tier, limit, nextRevision(), ttlMinutes);
        awaitInventory(tier, inv -> inv.getTotal() == limit);
        return tier;
    }

    static long nextRevision() {
        return REVISIONS.incrementAndGet();
    }

    /** Publishes a RewardTierChanged as campaign-service's relay would; returns the envelope. */
    static EventEnvelope publishTierChanged(Tier tier, Integer limit, long revision, int ttlMinutes) {
        RewardTierChanged.Builder change = RewardTierChanged.newBuilder().setCampaignId(tier.campaign())
                .setTierId(tier.id()).setTitle("Early bird").setMinPledgeMinor(2500).setRevision(revision)
                .setReservationTtlMinutes(ttlMinutes);
        if (limit != null) {
            change.setQuantityLimit(limit);
        }
        EventEnvelope envelope = envelope(tier.campaign(), change.build());
        publish(EventSubjects.REWARD_TIER_CHANGED, envelope, envelope.getEventId());
        return envelope;
    }

    static EventEnvelope envelope(String subject, Message event) {
        return EventEnvelope.newBuilder().setEventId(Ids.newId().toString())
                .setEventType(event.getDescriptorForType().getFullName()).setSource("campaign-service")
                .setSubject(subject).setData(Any.pack(event)).build();
    }

    /** Publishes an envelope; a different message id than before makes the broker keep a copy. */
    static synchronized void publish(String subject, EventEnvelope envelope, String messageId) {
        try {
            natsConnection().jetStream().publish(prefix() + "." + subject, envelope.toByteArray(),
                    PublishOptions.builder().messageId(messageId).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to NATS: " + e.getMessage(), e);
        }
    }

    /** Waits until the campaign-events consumer has applied and acknowledged everything published. */
    static void awaitEventsConsumed() {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            var info = natsConnection().jetStreamManagement().getConsumerInfo(stream(), "reservation-campaign-events");
            return info.getNumPending() == 0 && info.getNumAckPending() == 0;
        });
    }

    private static synchronized io.nats.client.Connection natsConnection() throws Exception {
        if (nats == null) {
            primary().getBean(NatsConnections.class).jetStream().orElseThrow();
            nats = Nats.connect(TestInfra.natsUrl());
        }
        return nats;
    }

    static String prefix() {
        primary();
        return (String) properties.get("crowdfund.events.subject-prefix");
    }

    static String stream() {
        primary();
        return (String) properties.get("crowdfund.events.stream");
    }

    static Inventory inventory(Tier tier) {
        return as(SERVICE).getInventory(GetInventoryRequest.newBuilder().setTierId(tier.id()).build()).getInventory();
    }

    static Inventory awaitInventory(Tier tier, java.util.function.Predicate<Inventory> condition) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> condition.test(inventory(tier)));
        return inventory(tier);
    }

    // ---- database views for assertions -----------------------------------------------------

    record Counters(Integer total, int reserved, int sold) {
    }

    static Counters counters(Tier tier) {
        return read(sql -> sql.one("SELECT total, reserved, sold FROM inventory WHERE tier_id = ?",
                rs -> new Counters(Sql.nullableInt(rs, "total"), rs.getInt("reserved"), rs.getInt("sold")),
                tier.tierId()).orElseThrow());
    }

    /** Held and sold slots counted from the reservation rows. */
    static Counters rowCounts(Tier tier) {
        return read(sql -> sql.one("""
                SELECT COALESCE(SUM(quantity) FILTER (WHERE status = 'active'), 0) AS reserved,
                       COALESCE(SUM(quantity) FILTER (WHERE status = 'converted'), 0) AS sold
                FROM reservation WHERE tier_id = ?""",
                rs -> new Counters(null, rs.getInt("reserved"), rs.getInt("sold")), tier.tierId()).orElseThrow());
    }

    static long outboxCount(String subject, String aggregateId) {
        return read(sql -> sql.one("SELECT count(*) AS n FROM outbox WHERE subject = ? AND aggregate_id = ?",
                rs -> rs.getLong("n"), subject, aggregateId).orElseThrow());
    }

    @SuppressWarnings("unchecked")
    static <T> T read(java.util.function.Function<Sql, T> query) {
        TransactionOperations<Connection> tx = primary().getBean(TransactionOperations.class);
        Sql sql = primary().getBean(Sql.class);
        return tx.executeRead(status -> query.apply(sql));
    }

    @SuppressWarnings("unchecked")
    static void write(java.util.function.Consumer<Sql> statement) {
        TransactionOperations<Connection> tx = primary().getBean(TransactionOperations.class);
        Sql sql = primary().getBean(Sql.class);
        tx.executeWrite(status -> {
            statement.accept(sql);
            return null;
        });
    }
}
