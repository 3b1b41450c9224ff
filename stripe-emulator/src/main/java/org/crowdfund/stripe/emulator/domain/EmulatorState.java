package org.crowdfund.stripe.emulator.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crowdfund.stripe.emulator.MoneyMovement;

/**
 * Everything the emulated account holds, in insertion order. Guarded by the {@link StripeAccount}
 * lock; the movement list is also read without it by the ledger view. Serialized as is into the
 * snapshot file.
 */
public final class EmulatorState {

  Map<String, Customer> customers = new LinkedHashMap<>();
  Map<String, PaymentMethod> paymentMethods = new LinkedHashMap<>();
  Map<String, SetupIntent> setupIntents = new LinkedHashMap<>();
  Map<String, PaymentIntent> paymentIntents = new LinkedHashMap<>();
  Map<String, Charge> charges = new LinkedHashMap<>();
  Map<String, Refund> refunds = new LinkedHashMap<>();
  Map<String, TestClock> testClocks = new LinkedHashMap<>();
  Map<String, StripeEvent> events = new LinkedHashMap<>();
  /** PaymentIntents in requires_capture and their capture_before, so expiry never scans every intent. */
  Map<String, Long> openHolds = new LinkedHashMap<>();
  List<MoneyMovement> movements = new CopyOnWriteArrayList<>();

  public List<MoneyMovement> movements() {
    return movements;
  }

  /** Any object by its id, for expansion; the prefix says where to look. */
  Optional<StripeObject> find(String id) {
    int underscore = id.indexOf('_');
    String prefix = underscore < 0 ? "" : id.substring(0, underscore);
    Map<String, ? extends StripeObject> store = switch (prefix) {
      case "cus" -> customers;
      case "pm" -> paymentMethods;
      case "seti" -> setupIntents;
      case "pi" -> paymentIntents;
      case "ch" -> charges;
      case "re" -> refunds;
      case "clock" -> testClocks;
      case "evt" -> events;
      default -> Map.of();
    };
    return Optional.ofNullable(store.get(id));
  }
}
