package org.crowdfund.payment;

import com.stripe.StripeClient;
import com.stripe.param.RefundCreateParams;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import org.crowdfund.platform.time.AdjustableClock;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.payment.PaymentApi.*;

/**
 * A refund whose outcome is unknown is looked up at the provider by the operation id in its
 * metadata, not sent again blindly; one that cannot be settled automatically ends as
 * needs_reconciliation (counted) instead of being retried forever.
 */
class RefundRecoveryTest {

    @AfterEach
    void clearFaults() {
        stripe().faults().clear();
    }

    @Test
    void aRefundWhoseAnswerWasLostIsFoundByItsMetadataAndNotSentAgain() throws Exception {
        Payment charged = payments().charge(chargeRequest(savedCard(org.crowdfund.stripe.emulator.TestCard.VISA), 5_000)
                .build()).getPayment();
        String key = key("refund");
        RefundRequest request = RefundRequest.newBuilder().setIdempotencyKey(key).setPaymentId(charged.getPaymentId())
                .setAmountMinor(1_000).build();
        stripe().faults().failNext(3).onlyFor("POST /v1/refunds");
        assertRefused(() -> payments().refund(request), Status.Code.UNAVAILABLE, "PROVIDER_UNAVAILABLE");
        stripe().faults().clear();

        // the first attempt reached Stripe after all, and only its answer was lost
        String createdAtStripe = stripeApi().v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(charged.getProviderId()).setAmount(1_000L)
                .putMetadata("crowdfund_payment_id", charged.getPaymentId())
                .putMetadata("crowdfund_operation_id", operationId(key)).build()).getId();

        RefundResponse retried = payments().refund(request);
        assertThat(retried.getRefundId()).isEqualTo(createdAtStripe);
        assertThat(retried.getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_PARTIALLY_REFUNDED);
        assertThat(retried.getPayment().getAmountRefundedMinor()).isEqualTo(1_000);
        assertThat(ledgerOf(charged.getProviderId())).containsExactly(Type.CHARGED, Type.REFUNDED);
    }

    @Test
    void aRefundNeitherFoundNorSafelyResendableEndsNeedingReconciliationInsteadOfRetryingForever() {
        Payment charged = payments().charge(chargeRequest(savedCard(org.crowdfund.stripe.emulator.TestCard.VISA), 4_000)
                .build()).getPayment();
        RefundRequest request = RefundRequest.newBuilder().setIdempotencyKey(key("refund"))
                .setPaymentId(charged.getPaymentId()).build();
        double before = needingReconciliation();
        stripe().faults().failNext(3).onlyFor("POST /v1/refunds");
        assertRefused(() -> payments().refund(request), Status.Code.UNAVAILABLE, "PROVIDER_UNAVAILABLE");
        stripe().faults().clear();
        // a day later Stripe may have forgotten the Idempotency-Key: a blind re-send could refund twice
        ((AdjustableClock) PaymentServiceHarness.context().getBean(Clock.class)).advance(Duration.ofHours(24));

        for (int retry = 0; retry < 2; retry++) {
            var e = assertRefused(() -> payments().refund(request), Status.Code.FAILED_PRECONDITION,
                    "NEEDS_RECONCILIATION");
            assertThat(metadata(e)).containsEntry("retryable", "false").containsEntry("action", "none");
        }
        assertThat(needingReconciliation()).isEqualTo(before + 1);
        assertThat(get(charged.getPaymentId()).getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        assertThat(ledgerOf(charged.getProviderId())).containsExactly(Type.CHARGED);
    }

    private static double needingReconciliation() {
        return PaymentServiceHarness.context().getBean(MeterRegistry.class)
                .counter("payment.operations.needs_reconciliation").count();
    }

    private static StripeClient stripeApi() {
        return StripeClient.builder().setApiKey(PaymentServiceHarness.API_KEY).setApiBase(stripe().baseUrl()).build();
    }

    private static String operationId(String idempotencyKey) throws Exception {
        try (Connection connection = PaymentServiceHarness.database();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id FROM payment_operation WHERE idempotency_key = ?")) {
            query.setString(1, idempotencyKey);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }
}
