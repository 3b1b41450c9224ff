package org.crowdfund.stripe.emulator.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** PaymentIntent statuses and which operations each allows, as Stripe documents them. */
enum PaymentIntentStatus {
  REQUIRES_PAYMENT_METHOD,
  REQUIRES_CONFIRMATION,
  REQUIRES_ACTION,
  PROCESSING,
  REQUIRES_CAPTURE,
  CANCELED,
  SUCCEEDED;

  static final Set<PaymentIntentStatus> CONFIRMABLE =
      EnumSet.of(REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION);
  static final Set<PaymentIntentStatus> CAPTURABLE = EnumSet.of(REQUIRES_CAPTURE);
  static final Set<PaymentIntentStatus> CANCELABLE =
      EnumSet.of(REQUIRES_PAYMENT_METHOD, REQUIRES_CAPTURE, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING);

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static String list(Set<PaymentIntentStatus> statuses) {
    return statuses.stream().map(PaymentIntentStatus::wire).collect(Collectors.joining(", "));
  }
}
