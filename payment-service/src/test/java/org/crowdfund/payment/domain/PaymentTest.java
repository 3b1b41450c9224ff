package org.crowdfund.payment.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static Payment hold() {
        return Payment.pending(UUID.randomUUID(), PaymentKind.HOLD, "pledge-1", 5_000, "USD", "cus_1", "pm_1", true,
                null, "k", "backer-1", NOW);
    }

    private static ProviderSnapshot snapshot(PaymentStatus status, Long capturable, Long captured, Long refunded) {
        return new ProviderSnapshot("pi_1", status, capturable, captured, refunded, null, null,
                status == PaymentStatus.AUTHORIZED ? NOW.plusSeconds(7 * 86_400) : null, null, null, null, null);
    }

    @Test
    void anAuthorizationRecordsTheProviderIdCapturableAmountAndDeadline() {
        Payment authorized = hold().advancedBy(snapshot(PaymentStatus.AUTHORIZED, 5_000L, 0L, null), NOW).orElseThrow();
        assertThat(authorized.providerId()).isEqualTo("pi_1");
        assertThat(authorized.amountCapturableMinor()).isEqualTo(5_000);
        assertThat(authorized.captureBefore()).isEqualTo(NOW.plusSeconds(7 * 86_400));
    }

    @Test
    void aLateRequiresCaptureNeverOverwritesSucceeded() {
        Payment succeeded = hold().advancedBy(snapshot(PaymentStatus.SUCCEEDED, 0L, 5_000L, 0L), NOW).orElseThrow();
        assertThat(succeeded.advancedBy(snapshot(PaymentStatus.AUTHORIZED, 5_000L, 0L, null), NOW)).isEmpty();
        assertThat(succeeded.advancedBy(snapshot(PaymentStatus.SUCCEEDED, 0L, 5_000L, 0L), NOW))
                .as("the same news twice changes nothing").isEmpty();
    }

    @Test
    void refundsOnlyGrowAndDecideBetweenPartiallyRefundedAndRefunded() {
        Payment succeeded = hold().advancedBy(snapshot(PaymentStatus.SUCCEEDED, 0L, 5_000L, 0L), NOW).orElseThrow();
        Payment partly = succeeded.advancedBy(snapshot(null, null, 5_000L, 2_000L), NOW).orElseThrow();
        assertThat(partly.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(partly.refundableMinor()).isEqualTo(3_000);
        assertThat(partly.advancedBy(snapshot(null, null, 5_000L, 1_000L), NOW)).as("an older refund total").isEmpty();
        Payment full = partly.advancedBy(snapshot(null, null, 5_000L, 5_000L), NOW).orElseThrow();
        assertThat(full.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(full.advancedBy(snapshot(PaymentStatus.SUCCEEDED, 0L, 5_000L, null), NOW)).isEmpty();
    }

    @Test
    void aDeclineKeepsItsReasonAndAFailureIsFinal() {
        Payment failed = hold().advancedBy(new ProviderSnapshot("pi_1", PaymentStatus.FAILED, 0L, null, null, null, null,
                null, "INSUFFICIENT_FUNDS", "insufficient_funds", null, null), NOW).orElseThrow();
        assertThat(failed.failureReason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(failed.declineCode()).isEqualTo("insufficient_funds");
        assertThat(failed.advancedBy(snapshot(PaymentStatus.AUTHORIZED, 5_000L, 0L, null), NOW)).isEmpty();
    }

    @Test
    void providerKeysAreDeterministicPerCallerKeyAndStep() {
        assertThat(IdempotencyKeys.providerKey(Operation.CAPTURE, "p1:capture", "capture"))
                .isEqualTo(IdempotencyKeys.providerKey(Operation.CAPTURE, "p1:capture", "capture"))
                .isNotEqualTo(IdempotencyKeys.providerKey(Operation.CAPTURE, "p2:capture", "capture"))
                .startsWith("crowdfund-capture-").hasSizeLessThan(255);
        assertThat(Money.currency("jpy")).contains("JPY");
        assertThat(Money.currency("XAU")).isEmpty();
        assertThat(Money.amountProblem(99_999_999L)).isEmpty();
        assertThat(Money.amountProblem(100_000_000L)).isPresent();
    }
}
