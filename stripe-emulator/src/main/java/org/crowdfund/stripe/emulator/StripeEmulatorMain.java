package org.crowdfund.stripe.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone ({@code java -jar stripe-emulator.jar}), configured by
 * STRIPE_EMULATOR_* environment variables, until the process is stopped.
 */
public final class StripeEmulatorMain {

  private StripeEmulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s - %5$s%6$s%n");
    }
    StripeEmulator emulator;
    try {
      emulator = StripeEmulator.builder().fromEnvironment(System.getenv()).build().start();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("stripe-emulator cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      stopped.countDown();
    }, "stripe-emulator-shutdown"));
    System.getLogger(StripeEmulatorMain.class.getName()).log(System.Logger.Level.INFO,
        "stripe-emulator listening on {0} (API version {1}, rate limit {2}/s, webhooks to {3})",
        emulator.baseUrl(), StripeEmulator.API_VERSION,
        emulator.faults().rateLimit() == 0 ? "off" : String.valueOf(emulator.faults().rateLimit()),
        emulator.webhooks().url() == null ? "nowhere" : emulator.webhooks().url());
    stopped.await();
  }
}
