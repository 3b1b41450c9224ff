package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {

  @TempDir
  Path directory;

  @Test
  void stateClockAndLedgerSurviveARestartWithASnapshotFile() throws StripeException, IOException {
    Path file = directory.resolve("stripe.json");
    String intentId;
    try (StripeEmulator first = StripeEmulator.builder().port(0).rateLimit(0).snapshotFile(file).build().start()) {
      StripeClient stripe = EmulatorTesting.client(first);
      intentId = stripe.v1().paymentIntents().create(hold(3_000).setPaymentMethod("pm_card_visa").setConfirm(true)
          .putMetadata("pledge", "p-1").build()).getId();
      first.clock().advance(Duration.ofDays(2));
    }
    assertTrue(Files.size(file) > 0);

    try (StripeEmulator second = StripeEmulator.builder().port(0).rateLimit(0).snapshotFile(file).build().start()) {
      StripeClient stripe = EmulatorTesting.client(second);
      PaymentIntent restored = stripe.v1().paymentIntents().retrieve(intentId);
      assertEquals("requires_capture", restored.getStatus());
      assertEquals("p-1", restored.getMetadata().get("pledge"));
      assertEquals(Duration.ofDays(2), second.clock().offset());
      assertEquals(1, second.ledger().count(intentId, MoneyMovement.Type.AUTHORIZED));

      second.clock().advance(Duration.ofDays(5));
      assertEquals("canceled", stripe.v1().paymentIntents().retrieve(intentId).getStatus());
    }
  }
}
