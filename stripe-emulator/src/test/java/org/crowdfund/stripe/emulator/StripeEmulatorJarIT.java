package org.crowdfund.stripe.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shaded jar runs with {@code java -jar}, reads its environment and logs one line when listening. */
class StripeEmulatorJarIT {

  private static final Pattern LISTENING = Pattern.compile("stripe-emulator listening on (http://\\S+)");

  @Test
  void theShadedJarStartsFromTheEnvironmentAndServesStripeJava() throws Exception {
    Path jar = Path.of(System.getProperty("stripe.emulator.jar"));
    assertTrue(Files.exists(jar), "run after package: " + jar);
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()).redirectErrorStream(true);
    builder.environment().put("STRIPE_EMULATOR_PORT", "0");
    builder.environment().put("STRIPE_EMULATOR_RATE_LIMIT", "0");
    Process process = builder.start();
    try {
      BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      String baseUrl = CompletableFuture.supplyAsync(() -> {
        try {
          for (String line = output.readLine(); line != null; line = output.readLine()) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
              return matcher.group(1);
            }
          }
          return null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).get(30, TimeUnit.SECONDS);
      assertTrue(baseUrl != null && baseUrl.startsWith("http://127.0.0.1:"), "listening line logged");

      StripeClient stripe = StripeClient.builder().setApiKey("sk_test_jar").setApiBase(baseUrl).build();
      PaymentIntent held = stripe.v1().paymentIntents().create(EmulatorTesting.hold(1_000)
          .setPaymentMethod("pm_card_visa").setConfirm(true).build());
      assertEquals("requires_capture", held.getStatus());
    } finally {
      process.destroy();
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "stops on SIGTERM");
    }
  }
}
