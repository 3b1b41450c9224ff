package org.crowdfund.stripe.emulator.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** SetupIntent statuses and which operations each allows, as Stripe documents them. */
enum SetupIntentStatus {
  REQUIRES_PAYMENT_METHOD,
  REQUIRES_CONFIRMATION,
  REQUIRES_ACTION,
  PROCESSING,
  CANCELED,
  SUCCEEDED;

  static final Set<SetupIntentStatus> CONFIRMABLE =
      EnumSet.of(REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION);
  static final Set<SetupIntentStatus> CANCELABLE =
      EnumSet.of(REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION);

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static String list(Set<SetupIntentStatus> statuses) {
    return statuses.stream().map(SetupIntentStatus::wire).collect(Collectors.joining(", "));
  }
}
