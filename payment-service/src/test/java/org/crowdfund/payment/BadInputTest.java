package org.crowdfund.payment;

import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.MoneyMovement.Type;
import org.crowdfund.stripe.emulator.TestCard;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.payment.PaymentApi.*;

/** Bad input gets a specific error and moves no money. */
class BadInputTest {

    @Test
    void zeroNegativeAndHugeAmountsAreRefusedBeforeTheProviderIsAsked() {
        Payment card = savedCard(TestCard.VISA);
        int before = stripe().ledger().movements().size();
        for (long amount : new long[] {0, -500, 100_000_000L, Long.MAX_VALUE}) {
            var e = assertRefused(() -> payments().authorize(authorizeRequest(card, amount).build()),
                    Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED");
            assertThat(e.getStatus().getDescription()).startsWith("amount_minor:");
            assertRefused(() -> payments().charge(chargeRequest(card, amount).build()),
                    Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED");
        }
        assertThat(stripe().ledger().movements()).hasSize(before);
    }

    @Test
    void unknownCurrenciesAreRefused() {
        Payment card = savedCard(TestCard.VISA);
        for (String currency : new String[] {"", "XYZ", "US", "usd1", "XAU"}) {
            var e = assertRefused(() -> payments().authorize(authorizeRequest(card, 1_000).setCurrency(currency).build()),
                    Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED");
            assertThat(e.getStatus().getDescription()).startsWith("currency:");
        }
        Payment lowerCase = payments().authorize(authorizeRequest(card, 1_000).setCurrency("eur").build()).getPayment();
        assertThat(lowerCase.getCurrency()).isEqualTo("EUR");
    }

    @Test
    void anUnknownPaymentMethodIsRefusedByTheProviderAsAnInvalidRequestAndMovesNothing() {
        Payment card = savedCard(TestCard.VISA);
        var e = assertRefused(() -> payments().authorize(authorizeRequest(card, 1_000)
                .setPaymentMethodId("pm_does_not_exist").build()), Status.Code.INVALID_ARGUMENT, "INVALID_REQUEST");
        assertThat(metadata(e)).containsEntry("param", "payment_method").containsEntry("provider_code", "resource_missing");
        Payment failed = get(metadata(e).get("payment_id")).getPayment();
        assertThat(failed.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_FAILED);
        assertThat(failed.getFailureReason()).isEqualTo("INVALID_REQUEST");
        assertRefused(() -> payments().savePaymentMethod(saveRequest("pm_does_not_exist")),
                Status.Code.INVALID_ARGUMENT, "INVALID_REQUEST");
    }

    @Test
    void anAmountBelowTheCurrencysMinimumChargeIsRefusedBeforeTheProviderIsAsked() {
        Payment card = savedCard(TestCard.VISA);
        int eventsBefore = stripe().events().size();
        var e = assertRefused(() -> payments().authorize(authorizeRequest(card, 10).build()),
                Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED");
        assertThat(e.getStatus().getDescription()).startsWith("amount_minor: must be at least 0.50 USD");
        assertThat(stripe().events()).hasSize(eventsBefore);
    }

    @Test
    void capturingMoreThanAuthorizedIsRefusedAndTheHoldStays() {
        Payment hold = authorized(2_000);
        var e = assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).setAmountMinor(2_001).build()),
                Status.Code.FAILED_PRECONDITION, "AMOUNT_EXCEEDS_CAPTURABLE");
        assertThat(e.getStatus().getDescription()).contains("only 2000 are authorized");
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED);
        assertThat(get(hold.getPaymentId()).getPayment().getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
    }

    @Test
    void refundingMoreThanCapturedIsRefused() {
        Payment captured = captured(3_000);
        assertRefused(() -> payments().refund(RefundRequest.newBuilder().setIdempotencyKey(key("refund"))
                .setPaymentId(captured.getPaymentId()).setAmountMinor(3_001).build()),
                Status.Code.FAILED_PRECONDITION, "AMOUNT_EXCEEDS_REFUNDABLE");
        payments().refund(RefundRequest.newBuilder().setIdempotencyKey(key("refund")).setPaymentId(captured.getPaymentId())
                .setAmountMinor(2_500).build());
        assertRefused(() -> payments().refund(RefundRequest.newBuilder().setIdempotencyKey(key("refund"))
                .setPaymentId(captured.getPaymentId()).setAmountMinor(501).build()),
                Status.Code.FAILED_PRECONDITION, "AMOUNT_EXCEEDS_REFUNDABLE");
        assertThat(ledgerOf(captured.getProviderId())).containsExactly(Type.AUTHORIZED, Type.CAPTURED, Type.REFUNDED);
    }

    @Test
    void operationsOnAPaymentInTheWrongStateAreRefusedWithPaymentStateConflict() {
        Payment hold = authorized(2_000);
        assertRefused(() -> payments().refund(RefundRequest.newBuilder().setIdempotencyKey(key("refund"))
                .setPaymentId(hold.getPaymentId()).build()), Status.Code.FAILED_PRECONDITION, "PAYMENT_STATE_CONFLICT");
        payments().void_(VoidRequest.newBuilder().setIdempotencyKey(key("void")).setPaymentId(hold.getPaymentId()).build());
        assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).build()), Status.Code.FAILED_PRECONDITION, "PAYMENT_STATE_CONFLICT");
        Payment voidedAgain = payments().void_(VoidRequest.newBuilder().setIdempotencyKey(key("void"))
                .setPaymentId(hold.getPaymentId()).build()).getPayment();
        assertThat(voidedAgain.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_CANCELED);
        Payment charge = payments().charge(chargeRequest(savedCard(TestCard.VISA), 1_000).build()).getPayment();
        assertRefused(() -> payments().void_(VoidRequest.newBuilder().setIdempotencyKey(key("void"))
                .setPaymentId(charge.getPaymentId()).build()), Status.Code.FAILED_PRECONDITION, "PAYMENT_STATE_CONFLICT");
        assertThat(ledgerOf(hold.getProviderId())).containsExactly(Type.AUTHORIZED, Type.VOIDED);
    }

    @Test
    void missingKeysUnknownPaymentsAndOffSessionWithoutACustomerAreRefused() {
        Payment card = savedCard(TestCard.VISA);
        assertRefused(() -> payments().authorize(authorizeRequest(card, 1_000).setIdempotencyKey("").build()),
                Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED");
        assertRefused(() -> payments().authorize(authorizeRequest(card, 1_000).setCustomerId("").build()),
                Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED");
        assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(UUID.randomUUID().toString()).build()), Status.Code.NOT_FOUND, "PAYMENT_NOT_FOUND");
        assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId("not-a-uuid").build()), Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED");
    }

    @Test
    void onlyPlatformServicesAndAdminsMoveMoney() {
        Payment card = savedCard(TestCard.VISA);
        assertRefused(() -> as(Principal.of("backer-1", Principal.ROLE_BACKER)).authorize(authorizeRequest(card, 1_000)
                .build()), Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED");
        assertRefused(() -> as(Principal.ANONYMOUS).getPayment(GetPaymentRequest.newBuilder()
                .setPaymentId(card.getPaymentId()).build()), Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED");
        assertThat(as(Principal.of("ops", Principal.ROLE_ADMIN)).getPayment(GetPaymentRequest.newBuilder()
                .setPaymentId(card.getPaymentId()).build()).getPayment().getPaymentId()).isEqualTo(card.getPaymentId());
    }
}
