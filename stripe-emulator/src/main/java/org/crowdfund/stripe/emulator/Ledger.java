package org.crowdfund.stripe.emulator;

import java.util.List;
import java.util.function.Supplier;

/**
 * Read-only view of every money movement, in order, so tests can check that money moved exactly
 * once (for example: one CAPTURED per pledge, never a CAPTURED after a VOIDED).
 */
public final class Ledger {

  private final Supplier<List<MoneyMovement>> movements;

  Ledger(Supplier<List<MoneyMovement>> movements) {
    this.movements = movements;
  }

  public List<MoneyMovement> movements() {
    return List.copyOf(movements.get());
  }

  public List<MoneyMovement> movementsOf(String paymentIntentId) {
    return movements().stream().filter(m -> m.paymentIntent().equals(paymentIntentId)).toList();
  }

  public long count(String paymentIntentId, MoneyMovement.Type type) {
    return movementsOf(paymentIntentId).stream().filter(m -> m.type() == type).count();
  }

  /** Money taken from the customer and not given back: captured + charged - refunded. */
  public long collected(String paymentIntentId) {
    long collected = 0;
    for (MoneyMovement movement : movementsOf(paymentIntentId)) {
      switch (movement.type()) {
        case CAPTURED, CHARGED -> collected += movement.amount();
        case REFUNDED -> collected -= movement.amount();
        default -> { }
      }
    }
    return collected;
  }

  /** Money on hold right now: authorized - captured - voided - released. */
  public long held(String paymentIntentId) {
    long held = 0;
    for (MoneyMovement movement : movementsOf(paymentIntentId)) {
      switch (movement.type()) {
        case AUTHORIZED -> held += movement.amount();
        case CAPTURED, VOIDED, RELEASED -> held -= movement.amount();
        default -> { }
      }
    }
    return held;
  }
}
