package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.customer;
import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.SetupIntent;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SetupIntentCreateParams;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where Stripe's documented behaviour is inconvenient for an integration, the emulator follows it
 * anyway: shorter off-session holds, use_stripe_sdk without a return_url, a code per decline card,
 * no reuse of detached or one-off payment methods, Stripe's currencies, idempotency and version limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentedBehaviourTest {

  private static final long FOUR_DAYS_EIGHTEEN_HOURS = Duration.ofDays(4).plusHours(18).toSeconds();
  private static final long SEVEN_DAYS = Duration.ofDays(7).toSeconds();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private StripeEmulator emulator;
  private StripeClient stripe;

  @BeforeAll
  void start() {
    emulator = EmulatorTesting.startEmulator();
    stripe = EmulatorTesting.client(emulator);
  }

  @AfterEach
  void clearFaults() {
    emulator.faults().clear();
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  private String savedCard(Customer customer, TestCard card) throws StripeException {
    return stripe.v1().setupIntents().create(SetupIntentCreateParams.builder().setCustomer(customer.getId())
        .setPaymentMethod(card.token()).addPaymentMethodType("card")
        .setUsage(SetupIntentCreateParams.Usage.OFF_SESSION).setConfirm(true).build()).getPaymentMethod();
  }

  private long captureBefore(PaymentIntent intent) throws StripeException {
    return stripe.v1().paymentIntents().retrieve(intent.getId(),
            PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build())
        .getLatestChargeObject().getPaymentMethodDetails().getCard().getCaptureBefore();
  }

  @Test
  void anOffSessionVisaHoldMustBeCapturedWithinFourDaysAndEighteenHours() throws StripeException {
    Customer customer = customer(stripe);
    PaymentIntent held = stripe.v1().paymentIntents().create(hold(5000).setCustomer(customer.getId())
        .setPaymentMethod(savedCard(customer, TestCard.VISA)).setConfirm(true).setOffSession(true).build());
    assertEquals(held.getCreated() + FOUR_DAYS_EIGHTEEN_HOURS, captureBefore(held));

    emulator.clock().advance(Duration.ofSeconds(FOUR_DAYS_EIGHTEEN_HOURS));
    PaymentIntent lapsed = stripe.v1().paymentIntents().retrieve(held.getId());
    assertEquals("canceled", lapsed.getStatus());
    assertEquals("automatic", lapsed.getCancellationReason());
  }

  @Test
  void onSessionHoldsAndOffSessionMastercardHoldsLastSevenDays() throws StripeException {
    PaymentIntent onSession = stripe.v1().paymentIntents().create(hold(5000).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    assertEquals(onSession.getCreated() + SEVEN_DAYS, captureBefore(onSession));

    Customer customer = customer(stripe);
    PaymentIntent mastercard = stripe.v1().paymentIntents().create(hold(5000).setCustomer(customer.getId())
        .setPaymentMethod(savedCard(customer, TestCard.MASTERCARD)).setConfirm(true).setOffSession(true).build());
    assertEquals(mastercard.getCreated() + SEVEN_DAYS, captureBefore(mastercard));
  }

  @Test
  void authenticationWithoutAReturnUrlAsksForStripeJs() throws StripeException {
    PaymentIntent intent = stripe.v1().paymentIntents().create(hold(5000)
        .setPaymentMethod("pm_card_authenticationRequired").setConfirm(true).build());
    assertEquals("requires_action", intent.getStatus());
    assertEquals("use_stripe_sdk", intent.getNextAction().getType());
    assertEquals(null, intent.getNextAction().getRedirectToUrl());

    SetupIntent setup = stripe.v1().setupIntents().create(SetupIntentCreateParams.builder()
        .setCustomer(customer(stripe).getId()).setPaymentMethod("pm_card_authenticationRequiredOnSetup")
        .addPaymentMethodType("card").setConfirm(true).build());
    assertEquals("use_stripe_sdk", setup.getNextAction().getType());
  }

  @Test
  void authenticationWithAReturnUrlRedirectsAndTheBankPageSendsTheBrowserBack() throws Exception {
    String returnUrl = "http://127.0.0.1:8080/pledges/return?pledge=p1";
    PaymentIntent intent = stripe.v1().paymentIntents().create(hold(5000)
        .setPaymentMethod("pm_card_authenticationRequired").setConfirm(true).setReturnUrl(returnUrl).build());
    assertEquals("redirect_to_url", intent.getNextAction().getType());
    assertEquals(returnUrl, intent.getNextAction().getRedirectToUrl().getReturnUrl());

    HttpResponse<String> page = http.send(HttpRequest.newBuilder(
        URI.create(intent.getNextAction().getRedirectToUrl().getUrl())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(302, page.statusCode());
    String location = page.headers().firstValue("Location").orElseThrow();
    assertEquals(returnUrl + "&payment_intent=" + intent.getId() + "&payment_intent_client_secret="
        + URLEncoder.encode(intent.getClientSecret(), StandardCharsets.UTF_8) + "&redirect_status=succeeded", location);
    assertEquals("requires_capture", stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus());

    PaymentIntent second = stripe.v1().paymentIntents().create(hold(5000)
        .setPaymentMethod("pm_card_authenticationRequired").setConfirm(true).setReturnUrl(returnUrl).build());
    HttpResponse<String> failed = http.send(HttpRequest.newBuilder(
        URI.create(second.getNextAction().getRedirectToUrl().getUrl() + "?outcome=fail")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(302, failed.statusCode());
    assertTrue(failed.headers().firstValue("Location").orElseThrow().endsWith("&redirect_status=failed"));
    assertEquals("requires_payment_method", stripe.v1().paymentIntents().retrieve(second.getId()).getStatus());
  }

  static Stream<Arguments> declineCards() {
    return Stream.of(
        Arguments.of("pm_card_chargeDeclined", "card_declined", "generic_decline"),
        Arguments.of("pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds"),
        Arguments.of("pm_card_chargeDeclinedLostCard", "card_declined", "lost_card"),
        Arguments.of("pm_card_chargeDeclinedStolenCard", "card_declined", "stolen_card"),
        Arguments.of("pm_card_chargeDeclinedFraudulent", "card_declined", "fraudulent"),
        Arguments.of("pm_card_chargeDeclinedVelocityLimitExceeded", "card_declined", "card_velocity_exceeded"),
        Arguments.of("pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card"),
        Arguments.of("pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc"),
        Arguments.of("pm_card_chargeDeclinedProcessingError", "processing_error", "processing_error"));
  }

  @ParameterizedTest
  @MethodSource("declineCards")
  void everyDeclineTestCardAnswersItsOwnCodeAndDeclineCode(String token, String code, String declineCode) {
    CardException declined = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().create(
        hold(5000).setPaymentMethod(token).setConfirm(true).build()));
    assertEquals(code, declined.getCode());
    assertEquals(declineCode, declined.getDeclineCode());
    assertEquals(402, declined.getStatusCode());
    assertNotNull(declined.getStripeError().getPaymentIntent());
    assertEquals(code, declined.getStripeError().getPaymentIntent().getLastPaymentError().getCode());
  }

  @Test
  void anOffSessionPaymentWithACardThatNeedsAuthenticationIsDeclinedWithAuthenticationRequired()
      throws StripeException {
    Customer customer = customer(stripe);
    PaymentMethod method = stripe.v1().paymentMethods().attach("pm_card_authenticationRequired",
        PaymentMethodAttachParams.builder().setCustomer(customer.getId()).build());
    CardException declined = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().create(
        hold(5000).setCustomer(customer.getId()).setPaymentMethod(method.getId()).setConfirm(true)
            .setOffSession(true).build()));
    assertEquals("authentication_required", declined.getCode());
    assertEquals("authentication_required", declined.getDeclineCode());
  }

  @Test
  void aDetachedPaymentMethodCanNeitherBeUsedNorAttachedAgain() throws StripeException {
    Customer customer = customer(stripe);
    String method = savedCard(customer, TestCard.VISA);
    stripe.v1().paymentMethods().detach(method);

    InvalidRequestException used = assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents()
        .create(hold(5000).setPaymentMethod(method).setConfirm(true).build()));
    assertEquals("payment_method_unexpected_state", used.getCode());
    assertEquals("The provided PaymentMethod was previously used without being attached to a Customer or was "
        + "detached from a Customer, and may not be used again.", used.getStripeError().getMessage());
    InvalidRequestException attached = assertThrows(InvalidRequestException.class, () -> stripe.v1()
        .paymentMethods().attach(method, PaymentMethodAttachParams.builder().setCustomer(customer.getId()).build()));
    assertEquals("payment_method_unexpected_state", attached.getCode());
  }

  @Test
  void aCardUsedOnceWithoutACustomerCannotBeSavedLater() throws StripeException {
    PaymentMethod card = stripe.v1().paymentMethods().retrieve(stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setAmount(5000L).setCurrency("usd").addPaymentMethodType("card")
            .setPaymentMethod("pm_card_visa").setConfirm(true).build()).getPaymentMethod());
    Customer customer = customer(stripe);
    InvalidRequestException attached = assertThrows(InvalidRequestException.class, () -> stripe.v1()
        .paymentMethods().attach(card.getId(), PaymentMethodAttachParams.builder().setCustomer(customer.getId())
            .build()));
    assertEquals("payment_method_unexpected_state", attached.getCode());
    InvalidRequestException setUp = assertThrows(InvalidRequestException.class, () -> stripe.v1().setupIntents()
        .create(SetupIntentCreateParams.builder().setCustomer(customer.getId()).setPaymentMethod(card.getId())
            .addPaymentMethodType("card").setConfirm(true).build()));
    assertEquals("payment_method_unexpected_state", setUp.getCode());
  }

  @Test
  void zeroAndThreeDecimalCurrenciesKeepTheirOwnMinorUnits() throws StripeException {
    assertEquals(50L, stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(50L)
        .setCurrency("jpy").addPaymentMethodType("card").build()).getAmount());
    InvalidRequestException tooSmall = assertThrows(InvalidRequestException.class, () -> stripe.v1()
        .paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(49L).setCurrency("jpy")
            .addPaymentMethodType("card").build()));
    assertEquals("amount_too_small", tooSmall.getCode());

    assertEquals(5000L, stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(5000L)
        .setCurrency("kwd").addPaymentMethodType("card").build()).getAmount());
    InvalidRequestException notRounded = assertThrows(InvalidRequestException.class, () -> stripe.v1()
        .paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(5005L).setCurrency("kwd")
            .addPaymentMethodType("card").build()));
    assertEquals("amount", notRounded.getStripeError().getParam());
  }

  @Test
  void currenciesStripeDoesNotChargeInAreRefused() {
    for (String currency : List.of("irr", "kpw", "syp", "cuc", "xts")) {
      InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> stripe.v1()
          .paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(5000L).setCurrency(currency)
              .addPaymentMethodType("card").build()), currency);
      assertEquals("currency", refused.getStripeError().getParam(), currency);
    }
  }

  @Test
  void theEmulatorsCurrencyTableHasMinimumsAndExponentsForEveryCurrency() {
    Map<String, StripeCurrencies.Currency> table = StripeCurrencies.all();
    assertEquals(0, table.get("jpy").exponent());
    assertEquals(3, table.get("bhd").exponent());
    assertEquals(2, table.get("usd").exponent());
    assertEquals(50, table.get("usd").minimumChargeMinor());
    assertEquals(30, table.get("gbp").minimumChargeMinor());
    assertTrue(table.size() > 130, "Stripe charges in more than 135 currencies");
  }

  @Test
  void idempotencyKeysLongerThan255CharactersAreRefused() throws Exception {
    HttpResponse<String> answer = post("/v1/customers", "x".repeat(256), null, "email=a%40example.org");
    assertEquals(400, answer.statusCode());
    JsonNode error = JSON.readTree(answer.body()).get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    assertTrue(error.get("message").asText().contains("255 characters"), error.toString());
    assertEquals(200, post("/v1/customers", "x".repeat(255), null, "email=a%40example.org").statusCode());
  }

  @Test
  void anUnknownStripeVersionIsRefused() throws Exception {
    HttpResponse<String> answer = post("/v1/customers", null, "2099-13-45.nonsense", "email=a%40example.org");
    assertEquals(400, answer.statusCode());
    JsonNode error = JSON.readTree(answer.body()).get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    assertTrue(error.get("message").asText().startsWith("Invalid Stripe API version: 2099-13-45.nonsense"),
        error.toString());
    assertEquals(200, post("/v1/customers", null, "2026-07-29.dahlia", "email=a%40example.org").statusCode());
    assertEquals(200, post("/v1/customers", null, "2024-06-20", "email=a%40example.org").statusCode());
  }

  @Test
  void twoOverlappingRequestsWithOneKeyGetA409ForTheSecond() throws Exception {
    emulator.faults().processingTime(Duration.ofMillis(400));
    String key = EmulatorTesting.newKey();
    CompletableFuture<HttpResponse<String>> first = postAsync("/v1/customers", key, "email=a%40example.org");
    await(() -> emulator.faults().inProgress() > 0);
    HttpResponse<String> second = post("/v1/customers", key, null, "email=a%40example.org");
    assertEquals(409, second.statusCode());
    JsonNode error = JSON.readTree(second.body()).get("error");
    assertEquals("idempotency_error", error.get("type").asText());
    assertEquals("idempotency_key_in_use", error.get("code").asText());
    assertEquals(200, first.get().statusCode());
    HttpResponse<String> replay = post("/v1/customers", key, null, "email=a%40example.org");
    assertEquals(200, replay.statusCode());
    assertEquals("true", replay.headers().firstValue("Idempotent-Replayed").orElseThrow());
  }

  @Test
  void refundsCanBeListedByPaymentIntentWithTheirMetadata() throws StripeException {
    PaymentIntent charged = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(5000L)
        .setCurrency("usd").addPaymentMethodType("card").setPaymentMethod("pm_card_visa").setConfirm(true).build());
    stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(charged.getId()).setAmount(1000L)
        .putMetadata("crowdfund_operation_id", "op-1").build());
    stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(charged.getId()).setAmount(500L)
        .putMetadata("crowdfund_operation_id", "op-2").build());
    var refunds = stripe.v1().refunds().list(com.stripe.param.RefundListParams.builder()
        .setPaymentIntent(charged.getId()).build());
    assertEquals(List.of("op-2", "op-1"), refunds.getData().stream()
        .map(refund -> refund.getMetadata().get("crowdfund_operation_id")).collect(Collectors.toList()));
    assertEquals(List.of(500L, 1000L), refunds.getData().stream().map(r -> r.getAmount()).toList());
  }

  private HttpResponse<String> post(String path, String key, String version, String form) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
        .header("Authorization", "Bearer " + EmulatorTesting.API_KEY)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    if (version != null) {
      request.header("Stripe-Version", version);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> postAsync(String path, String key, String form) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
        .header("Authorization", "Bearer " + EmulatorTesting.API_KEY)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    EmulatorTesting.await("a request is in progress", Duration.ofSeconds(10), condition);
  }
}
