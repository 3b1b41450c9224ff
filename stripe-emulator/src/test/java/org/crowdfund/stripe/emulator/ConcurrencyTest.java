package org.crowdfund.stripe.emulator;

import static org.crowdfund.stripe.emulator.EmulatorTesting.hold;
import static org.crowdfund.stripe.emulator.EmulatorTesting.key;
import static org.crowdfund.stripe.emulator.EmulatorTesting.newKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCaptureParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Requests racing each other still move money once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTest {

  private static final int RACERS = 8;

  private StripeEmulator emulator;
  private StripeClient stripe;
  private ExecutorService threads;

  @BeforeAll
  void start() {
    emulator = EmulatorTesting.startEmulator();
    stripe = EmulatorTesting.client(emulator, 3);
    threads = Executors.newFixedThreadPool(RACERS);
  }

  @AfterAll
  void stop() {
    threads.shutdownNow();
    emulator.close();
  }

  @Test
  void racingCapturesWithDifferentKeysCaptureOnceAndTheOthersSeeTheNewState() throws Exception {
    PaymentIntent held = stripe.v1().paymentIntents().create(hold(9_000).setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    List<Callable<String>> captures = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      captures.add(() -> {
        try {
          return stripe.v1().paymentIntents().capture(held.getId(), PaymentIntentCaptureParams.builder().build(),
              key(newKey())).getStatus();
        } catch (InvalidRequestException e) {
          return e.getCode();
        }
      });
    }
    List<String> outcomes = new ArrayList<>();
    for (Future<String> outcome : threads.invokeAll(captures)) {
      outcomes.add(outcome.get());
    }

    assertEquals(1, outcomes.stream().filter("succeeded"::equals).count(), outcomes.toString());
    assertEquals(RACERS - 1, outcomes.stream().filter("payment_intent_unexpected_state"::equals).count());
    assertEquals(1, emulator.ledger().count(held.getId(), MoneyMovement.Type.CAPTURED));
  }

  @Test
  void racingCreatesWithOneKeyMakeOnePaymentIntent() throws Exception {
    String sharedKey = newKey();
    List<Callable<String>> creates = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      creates.add(() -> create(sharedKey));
    }
    Set<String> ids = new HashSet<>();
    for (Future<String> id : threads.invokeAll(creates)) {
      ids.add(id.get());
    }

    assertEquals(1, ids.size(), "every racer got the same PaymentIntent");
    assertEquals(1, emulator.ledger().count(ids.iterator().next(), MoneyMovement.Type.AUTHORIZED));
  }

  private String create(String idempotencyKey) throws StripeException {
    return stripe.v1().paymentIntents().create(hold(1_200).setPaymentMethod("pm_card_visa").setConfirm(true)
        .build(), key(idempotencyKey)).getId();
  }
}
