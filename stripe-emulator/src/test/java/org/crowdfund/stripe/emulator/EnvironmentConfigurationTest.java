package org.crowdfund.stripe.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentConfigurationTest {

  @Test
  void environmentVariablesConfigureTheEmulator() {
    Map<String, String> env = Map.of(
        "STRIPE_EMULATOR_PORT", "0",
        "STRIPE_EMULATOR_HOST", "127.0.0.1",
        "STRIPE_EMULATOR_WEBHOOK_URL", "http://127.0.0.1:8080/webhooks/stripe",
        "STRIPE_EMULATOR_WEBHOOK_SECRET", "whsec_from_env",
        "STRIPE_EMULATOR_RATE_LIMIT", "0");
    try (StripeEmulator emulator = StripeEmulator.builder().fromEnvironment(env).build().start()) {
      assertTrue(emulator.baseUrl().startsWith("http://127.0.0.1:"));
      assertEquals("http://127.0.0.1:8080/webhooks/stripe", emulator.webhooks().url());
      assertEquals("whsec_from_env", emulator.webhooks().secret());
      assertEquals(0, emulator.faults().rateLimit());
    }
  }

  @Test
  void unsetVariablesKeepTheDefaults() {
    try (StripeEmulator emulator = StripeEmulator.builder().fromEnvironment(Map.of("STRIPE_EMULATOR_PORT", "0"))
        .build().start()) {
      assertNull(emulator.webhooks().url());
      assertEquals(StripeEmulator.DEFAULT_WEBHOOK_SECRET, emulator.webhooks().secret());
      assertEquals(StripeEmulator.DEFAULT_RATE_LIMIT, emulator.faults().rateLimit());
    }
  }

  @Test
  void badNumbersAreRejectedWithTheVariableName() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> StripeEmulator.builder().fromEnvironment(Map.of("STRIPE_EMULATOR_RATE_LIMIT", "fast")));
    assertTrue(error.getMessage().contains("STRIPE_EMULATOR_RATE_LIMIT"));
  }
}
