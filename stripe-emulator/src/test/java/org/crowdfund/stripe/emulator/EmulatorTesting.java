package org.crowdfund.stripe.emulator;

import static org.junit.jupiter.api.Assertions.fail;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/** Shared set-up for the emulator tests: an emulator on a free port and stripe-java clients for it. */
final class EmulatorTesting {

  static final String API_KEY = "sk_test_emulator_tests";

  private EmulatorTesting() {}

  /** An emulator on a free port without the rate limit (tests that want one switch it on). */
  static StripeEmulator startEmulator() {
    return StripeEmulator.builder().port(0).rateLimit(0).build().start();
  }

  static StripeClient client(StripeEmulator emulator) {
    return client(emulator, 0);
  }

  static StripeClient client(StripeEmulator emulator, int maxNetworkRetries) {
    return StripeClient.builder()
        .setApiKey(API_KEY)
        .setApiBase(emulator.baseUrl())
        .setMaxNetworkRetries(maxNetworkRetries)
        .build();
  }

  static RequestOptions key(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  static String newKey() {
    return UUID.randomUUID().toString();
  }

  static Customer customer(StripeClient client) throws StripeException {
    return client.v1().customers().create(CustomerCreateParams.builder().setEmail("backer@example.com").build());
  }

  static PaymentIntentCreateParams.Builder hold(long amount) {
    return PaymentIntentCreateParams.builder()
        .setAmount(amount)
        .setCurrency("usd")
        .addPaymentMethodType("card")
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL);
  }

  static PaymentIntentCreateParams.Builder charge(long amount) {
    return PaymentIntentCreateParams.builder()
        .setAmount(amount)
        .setCurrency("usd")
        .addPaymentMethodType("card")
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.AUTOMATIC);
  }

  /** Polls until the condition holds; fails with the description after the timeout. */
  static void await(String description, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + timeout + " waiting until " + description);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
