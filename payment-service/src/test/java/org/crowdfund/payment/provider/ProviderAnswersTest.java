package org.crowdfund.payment.provider;

import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.crowdfund.payment.api.PaymentProtos;
import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.domain.NextActionType;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentKind;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How Stripe's answers are read: 409s, and the next action of an intent confirmed without a return URL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderAnswersTest {
    private StripeEmulator emulator;

    @BeforeAll
    void start() {
        emulator = StripeEmulator.builder().port(0).rateLimit(0).build().start();
    }

    @AfterAll
    void stop() {
        emulator.close();
    }

    @Test
    void requestsConflictingOnOneKeyNeverOpenTheCircuitForOtherCallers() {
        StripeConfiguration config = new StripeConfiguration();
        config.setApiKey("sk_test_unit");
        config.setRateLimit("0");
        config.setOutageWindow(4);
        config.setOutageCooldown(Duration.ofMinutes(5));
        ProviderThrottle throttle = new ProviderThrottle(config, new SimpleMeterRegistry());
        // stripe-java raises a 409 as a plain ApiException, as it does a 5xx
        ApiException inUse = new ApiException("There is currently another in-progress request using this Idempotent "
                + "Key", "req_1", "idempotency_key_in_use", 409, null);

        ProviderException translated = StripePaymentGateway.translate("payment_intent.create", inUse);
        assertThat(translated.reason()).isEqualTo(FailureReason.OPERATION_IN_PROGRESS);
        assertThat(translated.reason().isTransient()).isTrue();
        for (int i = 0; i < 10; i++) {
            try {
                throttle.guarded(() -> {
                    throw translated;
                });
            } catch (ProviderException expected) {
                assertThat(expected.reason()).isEqualTo(FailureReason.OPERATION_IN_PROGRESS);
            }
        }
        assertThat(throttle.guarded(() -> "another caller's call")).isEqualTo("another caller's call");
    }

    @Test
    void withoutAReturnUrlTheBackerFinishesAuthenticationWithStripeJsAndOnlyTheOwnerGetsTheClientSecret()
            throws Exception {
        StripeClient client = StripeClient.builder().setApiKey("sk_test_unit").setApiBase(emulator.baseUrl()).build();
        PaymentIntent intent = client.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(2_000L).setCurrency("usd").addPaymentMethodType("card")
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .setPaymentMethod("pm_card_authenticationRequired").setConfirm(true).build());

        ProviderSnapshot snapshot = StripeObjects.paymentIntent(intent);
        assertThat(snapshot.nextActionType()).isEqualTo(NextActionType.USE_STRIPE_SDK);
        assertThat(snapshot.nextActionUrl()).isNull();
        Payment payment = Payment.pending(UUID.randomUUID(), PaymentKind.HOLD, "pledge-1", 2_000, "USD", "", "pm_x",
                false, null, "k", "backer-1", Instant.now()).advancedBy(snapshot, Instant.now()).orElseThrow();

        var forOwner = PaymentProtos.payment(payment, true).getNextAction();
        assertThat(forOwner.getType())
                .isEqualTo(org.crowdfund.proto.payment.v1.NextActionType.NEXT_ACTION_TYPE_USE_STRIPE_SDK);
        assertThat(forOwner.getClientSecret()).isEqualTo(intent.getClientSecret());
        var forOthers = PaymentProtos.payment(payment, false).getNextAction();
        assertThat(forOthers.getType())
                .isEqualTo(org.crowdfund.proto.payment.v1.NextActionType.NEXT_ACTION_TYPE_USE_STRIPE_SDK);
        assertThat(forOthers.getClientSecret()).isEmpty();
        assertThat(PaymentProtos.state(payment).toByteString().toStringUtf8()).doesNotContain(intent.getClientSecret());
    }
}
