package org.crowdfund.payment;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.stripe.emulator.TestCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.payment.PaymentApi.*;

/** 429s and 5xx from the provider: retried within the limiter, surfaced when they persist, never a storm. */
class ProviderFaultsTest {

    @AfterEach
    void clearFaults() {
        stripe().faults().clear().rateLimit(0);
    }

    @Test
    void shortBurstsOf429AreRetriedWithinTheLimiterAndEveryCallSucceeds() throws Exception {
        Payment card = savedCard(TestCard.VISA);
        double throttledBefore = throttledAnswers();
        stripe().faults().rateLimit(3);
        List<AuthorizeRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(authorizeRequest(card, 1_000 + i).build());
        }
        List<Object> outcomes = concurrently(requests);
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Payment.class));
        assertThat(throttledAnswers()).as("some requests met a 429 and were retried").isGreaterThan(throttledBefore);
        for (Object o : outcomes) {
            assertThat(ledgerOf(((Payment) o).getProviderId())).containsExactly(Type.AUTHORIZED);
        }
    }

    @Test
    void a429ThatPersistsSurfacesAsRateLimitedAndTheSameKeySucceedsLaterWithOneMovement() throws Exception {
        Payment card = savedCard(TestCard.VISA);
        stripe().faults().rateLimit(1);
        List<AuthorizeRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(authorizeRequest(card, 2_000 + i).build());
        }
        List<Object> outcomes = concurrently(requests);
        List<StatusRuntimeException> limited = outcomes.stream().filter(o -> o instanceof StatusRuntimeException)
                .map(o -> (StatusRuntimeException) o).toList();
        assertThat(limited).as("at 1 request/s most of 8 concurrent calls cannot get through").isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(errorInfo(e).getReason()).isEqualTo("RATE_LIMITED");
                });

        stripe().faults().rateLimit(0);
        for (AuthorizeRequest request : requests) {
            Payment hold = payments().authorize(request).getPayment();
            assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
            assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED);
        }
    }

    @Test
    void serverErrorsAreRetriedByStripeJavaWithTheSameKeyAndTheCallSucceeds() {
        Payment card = savedCard(TestCard.VISA);
        stripe().faults().failNext(2);
        Payment hold = payments().authorize(authorizeRequest(card, 4_200).build()).getPayment();
        assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED);
    }

    @Test
    void serverErrorsThatPersistSurfaceAsProviderUnavailableAndTheSameKeySucceedsLater() {
        Payment card = savedCard(TestCard.VISA);
        AuthorizeRequest request = authorizeRequest(card, 4_300).build();
        stripe().faults().onlyFor("POST /v1/payment_intents").errorRate(1.0);
        var e = assertRefused(() -> payments().authorize(request), Status.Code.UNAVAILABLE, "PROVIDER_UNAVAILABLE");
        String paymentId = metadata(e).get("payment_id");
        assertThat(get(paymentId).getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_PENDING);

        stripe().faults().clear().rateLimit(0);
        Payment hold = payments().authorize(request).getPayment();
        assertThat(hold.getPaymentId()).isEqualTo(paymentId);
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED);
    }

    @Test
    void anOutageOpensTheBreakerSoCallsFailFastUntilTheProviderRecovers() throws Exception {
        List<Payment> holds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            holds.add(authorized(1_100 + i));
        }
        stripe().faults().errorRate(1.0);
        List<GetPaymentRequest> refreshes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            refreshes.add(GetPaymentRequest.newBuilder().setPaymentId(holds.get(i % 2).getPaymentId()).setRefresh(true).build());
        }
        List<Object> outcomes = concurrently(refreshes);
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(StatusRuntimeException.class));

        long started = System.nanoTime();
        var fast = assertRefused(() -> payments().getPayment(refreshes.get(0)), Status.Code.UNAVAILABLE,
                "PROVIDER_UNAVAILABLE");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no provider call while the breaker is open")
                .isLessThan(Duration.ofMillis(400));
        assertThat(fast.getStatus().getDescription()).contains("paused");

        stripe().faults().clear().rateLimit(0);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                payments().getPayment(refreshes.get(0)).getPayment().getStatus() == PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(payments().getPayment(refreshes.get(1)).getPayment().getStatus())
                .isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        Payment hold = authorized(1_300);
        assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
    }

    private static double throttledAnswers() {
        return PaymentServiceHarness.context().getBean(MeterRegistry.class).counter("stripe.throttled").count();
    }

    /** Sends the requests at once; each outcome is the payment or the StatusRuntimeException. */
    private static List<Object> concurrently(List<? extends com.google.protobuf.Message> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (var request : requests) {
                futures.add(pool.submit(() -> {
                    try {
                        if (request instanceof AuthorizeRequest a) {
                            return payments().authorize(a).getPayment();
                        }
                        return payments().getPayment((GetPaymentRequest) request).getPayment();
                    } catch (StatusRuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
