package org.crowdfund.payment;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.MoneyMovement;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.stripe.emulator.TestCard;
import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * payment-service as its own JVM, killed between the provider's answer and its commit (the crash
 * switch PAYMENT_HALT_AFTER_PROVIDER_CALL halts it with 137 exactly there, for the named keys'
 * first attempts), then restarted: it recovers to the provider's truth with one movement of money.
 * Runs after package (failsafe), on the jar just built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentServiceCrashRecoveryIT {
    private final String authorizeKey = "crash-" + UUID.randomUUID() + ":authorize";
    private final String captureKey = "crash-" + UUID.randomUUID() + ":capture";

    private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
    private StripeEmulator stripe;
    private ServiceProcess service;

    @BeforeAll
    void start() {
        Path jar = ServiceProcess.repositoryRoot().resolve("payment-service/target/payment-service-0.1.0-SNAPSHOT.jar");
        assertThat(Files.isRegularFile(jar)).as(jar + " is missing; build it first: "
                + "mvn -B -q -pl payment-service -am package -DskipTests").isTrue();
        stripe = StripeEmulator.builder().port(0).rateLimit(0).build().start();
        service = ServiceProcess.start("payment-service", TestInfra.eventProperties(TestInfra.shortId()), Map.of(
                "STRIPE_API_KEY", PaymentServiceHarness.API_KEY,
                "STRIPE_API_BASE", stripe.baseUrl(),
                "STRIPE_WEBHOOK_SECRET", PaymentServiceHarness.WEBHOOK_SECRET,
                "PAYMENT_RECOVERY_STALE_AFTER", "1s",
                "PAYMENT_RECOVERY_INTERVAL", "300ms",
                "PAYMENT_HALT_AFTER_PROVIDER_CALL", authorizeKey + "," + captureKey));
    }

    @AfterAll
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        if (service != null) {
            service.stop();
        }
        if (stripe != null) {
            stripe.close();
        }
    }

    @Test
    void killedAfterTheProviderAuthorizedItRecoversOnTheCallersRetryWithOneAuthorization() {
        Payment card = savedCard();
        AuthorizeRequest authorize = AuthorizeRequest.newBuilder().setIdempotencyKey(authorizeKey).setReference("pledge-crash")
                .setCustomerId(card.getCustomerId()).setPaymentMethodId(card.getPaymentMethodId()).setAmountMinor(7_700)
                .setCurrency("USD").setOffSession(true).build();
        int before = stripe.ledger().movements().size();

        StatusRuntimeException crash = catchThrowableOfType(StatusRuntimeException.class,
                () -> payments().authorize(authorize));
        assertThat(crash).as("the service died before answering").isNotNull();
        assertThat(crash.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL, Status.Code.UNKNOWN);
        List<MoneyMovement> moved = stripe.ledger().movements().subList(before, stripe.ledger().movements().size());
        assertThat(moved).as("the provider authorized before the crash").extracting(MoneyMovement::type)
                .containsExactly(Type.AUTHORIZED);
        String paymentIntent = moved.get(0).paymentIntent();

        service.kill();
        service.resume();
        Payment hold = payments().authorize(authorize).getPayment();
        assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(hold.getProviderId()).isEqualTo(paymentIntent);
        assertThat(stripe.ledger().movementsOf(paymentIntent)).extracting(MoneyMovement::type)
                .containsExactly(Type.AUTHORIZED);
        assertThat(stripe.ledger().movements()).hasSize(before + 1);
    }

    @Test
    void killedAfterTheProviderCapturedItIsFinishedByTheRecoveryJobWithOneCapture() {
        Payment card = savedCard();
        Payment hold = payments().authorize(AuthorizeRequest.newBuilder().setIdempotencyKey("crash-" + UUID.randomUUID())
                .setReference("pledge-crash").setCustomerId(card.getCustomerId()).setPaymentMethodId(card.getPaymentMethodId())
                .setAmountMinor(4_400).setCurrency("USD").setOffSession(true).build()).getPayment();

        StatusRuntimeException crash = catchThrowableOfType(StatusRuntimeException.class, () -> payments().capture(
                CaptureRequest.newBuilder().setIdempotencyKey(captureKey).setPaymentId(hold.getPaymentId()).build()));
        assertThat(crash).as("the service died before answering").isNotNull();
        assertThat(stripe.ledger().count(hold.getProviderId(), Type.CAPTURED)).isEqualTo(1);

        service.kill();
        service.resume();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                get(hold.getPaymentId()).getPayment().getStatus() == PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        GetPaymentResponse recovered = get(hold.getPaymentId());
        assertThat(recovered.getHistoryList()).extracting(StatusChange::getSource).contains("recovery");
        assertThat(recovered.getPayment().getAmountCapturedMinor()).isEqualTo(4_400);
        assertThat(payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(captureKey)
                .setPaymentId(hold.getPaymentId()).build()).getPayment().getStatus())
                .isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(stripe.ledger().movementsOf(hold.getProviderId())).extracting(MoneyMovement::type)
                .containsExactly(Type.AUTHORIZED, Type.CAPTURED);
    }

    private Payment savedCard() {
        String backer = "backer-" + UUID.randomUUID();
        return payments().savePaymentMethod(SavePaymentMethodRequest.newBuilder().setIdempotencyKey(backer + ":save")
                .setBackerId(backer).setPaymentMethod(TestCard.VISA.token()).build()).getPayment();
    }

    private GetPaymentResponse get(String paymentId) {
        return payments().getPayment(GetPaymentRequest.newBuilder().setPaymentId(paymentId).build());
    }

    /** A fresh channel per call: the process behind the port is restarted by the tests. */
    private PaymentServiceGrpc.PaymentServiceBlockingStub payments() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", service.grpcPort()).usePlaintext().build();
        channels.add(channel);
        return Calls.as(PaymentServiceGrpc.newBlockingStub(channel), PaymentApi.PLEDGE_SERVICE, Duration.ofSeconds(20));
    }
}
