package org.crowdfund.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.TestCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.payment.PaymentApi.*;

/**
 * What the emulator's Stripe-as-documented behaviour demands of payment-service: the provider's
 * capture_before, the redirect flow with a return URL, a classification per decline, unusable
 * payment methods, Stripe's currencies and minimums, and a 409 that is not an outage.
 */
class StripeAsDocumentedTest {
    private static final Duration FOUR_DAYS_EIGHTEEN_HOURS = Duration.ofDays(4).plusHours(18);

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void clearFaults() {
        stripe().faults().clear();
    }

    private static long chargeCreated(String paymentIntent) {
        ObjectNode intent = stripe().object(paymentIntent);
        return stripe().object(intent.get("latest_charge").asText()).get("created").asLong();
    }

    @Test
    void anOffSessionVisaHoldCarriesTheProvidersShorterCaptureBeforeAndLapsesThen() {
        Payment hold = authorized(4_000);
        assertThat(hold.getCaptureBefore().getSeconds())
                .isEqualTo(chargeCreated(hold.getProviderId()) + FOUR_DAYS_EIGHTEEN_HOURS.toSeconds());

        Payment card = savedCard(TestCard.VISA);
        Payment onSession = payments().authorize(authorizeRequest(card, 4_000).setOffSession(false).build()).getPayment();
        assertThat(onSession.getCaptureBefore().getSeconds())
                .isEqualTo(chargeCreated(onSession.getProviderId()) + Duration.ofDays(7).toSeconds());

        long untilLapse = hold.getCaptureBefore().getSeconds() - stripe().clock().instant().getEpochSecond();
        stripe().clock().advance(Duration.ofSeconds(untilLapse + 60));
        assertRefused(() -> payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).build()), Status.Code.FAILED_PRECONDITION, "HOLD_EXPIRED");
    }

    @Test
    void aBackerWhoMustAuthenticateIsSentToTheBankAndBackToTheGatewayPage() throws Exception {
        SavePaymentMethodRequest save = saveRequest(TestCard.AUTHENTICATION_REQUIRED.token());
        Payment setup = payments().savePaymentMethod(save).getPayment();
        assertThat(setup.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION);
        assertThat(setup.getNextAction().getType()).isEqualTo(NextActionType.NEXT_ACTION_TYPE_REDIRECT_TO_URL);
        assertThat(bankPageSendsBackToTheGateway(setup.getNextAction().getRedirectUrl())).contains("setup_intent="
                + setup.getProviderId());
        Payment saved = payments().getPayment(GetPaymentRequest.newBuilder().setPaymentId(setup.getPaymentId())
                .setRefresh(true).build()).getPayment();
        assertThat(saved.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);

        Payment hold = payments().authorize(authorizeRequest(saved, 2_500).setOffSession(false).build()).getPayment();
        assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION);
        assertThat(hold.getNextAction().getType()).isEqualTo(NextActionType.NEXT_ACTION_TYPE_REDIRECT_TO_URL);
        assertThat(bankPageSendsBackToTheGateway(hold.getNextAction().getRedirectUrl())).contains("payment_intent="
                + hold.getProviderId());
        await().atMost(Duration.ofSeconds(15)).until(() -> payments().getPayment(GetPaymentRequest.newBuilder()
                .setPaymentId(hold.getPaymentId()).setRefresh(true).build()).getPayment().getStatus()
                == PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
    }

    /** Opens the bank's page as the backer's browser would; returns where it sends the browser. */
    private String bankPageSendsBackToTheGateway(String redirectUrl) throws Exception {
        assertThat(redirectUrl).isNotEmpty();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(redirectUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        String location = page.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(PaymentServiceHarness.RETURN_URL).endsWith("redirect_status=succeeded");
        return location;
    }

    @ParameterizedTest(name = "{0} is {1}, {2}/{3}, retryable={4}, action={5}")
    @CsvSource({
            "pm_card_chargeDeclined, CARD_DECLINED, card_declined, generic_decline, false, new_payment_method",
            "pm_card_chargeDeclinedInsufficientFunds, INSUFFICIENT_FUNDS, card_declined, insufficient_funds, false, new_payment_method",
            "pm_card_chargeDeclinedLostCard, CARD_DECLINED, card_declined, lost_card, false, new_payment_method",
            "pm_card_chargeDeclinedStolenCard, CARD_DECLINED, card_declined, stolen_card, false, new_payment_method",
            "pm_card_chargeDeclinedExpiredCard, CARD_DECLINED, expired_card, expired_card, false, new_payment_method",
            "pm_card_chargeDeclinedIncorrectCvc, CARD_DECLINED, incorrect_cvc, incorrect_cvc, false, new_payment_method",
            "pm_card_chargeDeclinedProcessingError, TEMPORARY_DECLINE, processing_error, processing_error, true, retry_later"})
    void everyDeclineIsClassifiedForTheCallerAsStripesDeclineGuideSays(String card, String reason, String code,
                                                                       String declineCode, String retryable,
                                                                       String action) {
        AuthorizeRequest request = AuthorizeRequest.newBuilder().setIdempotencyKey(key("authorize"))
                .setReference("pledge-" + UUID.randomUUID()).setBackerId("backer-" + UUID.randomUUID())
                .setPaymentMethodId(card).setAmountMinor(3_000).setCurrency("USD").build();
        StatusRuntimeException e = assertRefused(() -> payments().authorize(request), Status.Code.FAILED_PRECONDITION,
                reason);
        assertThat(metadata(e)).containsEntry("code", code).containsEntry("decline_code", declineCode)
                .containsEntry("retryable", retryable).containsEntry("action", action);
        assertThat(get(metadata(e).get("payment_id")).getPayment().getStatus())
                .isEqualTo(PaymentStatus.PAYMENT_STATUS_FAILED);
    }

    @Test
    void anOffSessionPaymentThatNeedsAuthenticationAsksForTheBacker() {
        Payment card = authenticatedCard(TestCard.AUTHENTICATION_REQUIRED);
        StatusRuntimeException e = assertRefused(() -> payments().authorize(authorizeRequest(card, 2_000).build()),
                Status.Code.FAILED_PRECONDITION, "AUTHENTICATION_REQUIRED");
        assertThat(metadata(e)).containsEntry("retryable", "false").containsEntry("action", "authenticate");
    }

    @Test
    void aCardUsedOnceWithoutACustomerCannotBeSavedLaterAndTheBackerIsAskedForItAgain() {
        String backer = "backer-" + UUID.randomUUID();
        Payment oneOff = payments().charge(ChargeRequest.newBuilder().setIdempotencyKey(key("charge"))
                .setReference("pledge-" + UUID.randomUUID()).setBackerId(backer).setPaymentMethodId("pm_card_visa")
                .setAmountMinor(1_500).setCurrency("USD").build()).getPayment();
        assertThat(oneOff.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);

        StatusRuntimeException e = assertRefused(() -> payments().savePaymentMethod(saveRequest(
                oneOff.getPaymentMethodId())), Status.Code.FAILED_PRECONDITION, "PAYMENT_METHOD_UNUSABLE");
        assertThat(metadata(e)).containsEntry("code", "payment_method_unexpected_state")
                .containsEntry("action", "new_payment_method");
    }

    @Test
    void aDetachedCardCannotBeUsedAgain() throws Exception {
        Payment card = savedCard(TestCard.VISA);
        StripeClient stripeApi = StripeClient.builder().setApiKey(PaymentServiceHarness.API_KEY)
                .setApiBase(stripe().baseUrl()).build();
        stripeApi.v1().paymentMethods().detach(card.getPaymentMethodId());

        StatusRuntimeException e = assertRefused(() -> payments().authorize(authorizeRequest(card, 2_000).build()),
                Status.Code.FAILED_PRECONDITION, "PAYMENT_METHOD_UNUSABLE");
        assertThat(metadata(e)).containsEntry("retryable", "false");
    }

    @Test
    void amountsBelowTheCurrencysMinimumOrNotRoundedAndUnsupportedCurrenciesAreRefusedBeforeStripeIsAsked() {
        Payment card = savedCard(TestCard.VISA);
        for (var bad : new Object[][] {{49L, "USD", "amount_minor"}, {29L, "GBP", "amount_minor"},
                {5_005L, "KWD", "amount_minor"}, {5_000L, "IRR", "currency"}, {5_000L, "XTS", "currency"}}) {
            StatusRuntimeException e = assertRefused(() -> payments().authorize(authorizeRequest(card, (Long) bad[0])
                    .setCurrency((String) bad[1]).build()), Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED");
            assertThat(e.getStatus().getDescription()).as(bad[1] + " " + bad[0]).contains((String) bad[2]);
        }
        assertThat(payments().authorize(authorizeRequest(card, 50).setCurrency("JPY").build()).getPayment()
                .getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        assertThat(payments().authorize(authorizeRequest(card, 5_000).setCurrency("KWD").build()).getPayment()
                .getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
    }

    @Test
    void aConcurrentAttemptOfTheSameOperationIsInProgressAndRetryableNotAnOutage() {
        Payment card = savedCard(TestCard.VISA);
        AuthorizeRequest request = authorizeRequest(card, 2_000).build();
        stripe().faults().processingTime(Duration.ofSeconds(4)).onlyFor("POST /v1/payment_intents");
        CompletableFuture<AuthorizeResponse> first = CompletableFuture.supplyAsync(() -> payments().authorize(request));
        await().atMost(Duration.ofSeconds(15)).until(() -> stripe().faults().inProgress() > 0);

        StatusRuntimeException e = assertRefused(() -> payments().authorize(request), Status.Code.ABORTED,
                "OPERATION_IN_PROGRESS");
        assertThat(metadata(e)).containsEntry("retryable", "true").containsEntry("action", "retry_same_key");
        Payment placed = first.join().getPayment();
        assertThat(placed.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_AUTHORIZED);
        stripe().faults().clear();
        assertThat(payments().authorize(request).getPayment().getPaymentId()).isEqualTo(placed.getPaymentId());
        assertThat(ledgerOf(placed.getProviderId())).hasSize(1);
    }
}
