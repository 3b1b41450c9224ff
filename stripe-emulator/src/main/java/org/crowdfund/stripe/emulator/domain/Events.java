package org.crowdfund.stripe.emulator.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

public final class Events {

  private final StripeAccount account;

  Events(StripeAccount account) {
    this.account = account;
  }

  public StripeEvent retrieve(String id) {
    StripeEvent event = account.data().events.get(id);
    if (event == null) {
      throw StripeApiException.noSuch("event", id, "id", true);
    }
    return event;
  }

  public List<StripeEvent> list(Params params) {
    params.allowOnly(Set.of("type", "limit", "starting_after", "ending_before", "created", "delivery_success"));
    String type = params.string("type").orElse(null);
    List<StripeEvent> events = new ArrayList<>(account.data().events.values().stream()
        .filter(event -> type == null || type.equals(event.type)
            || (type.endsWith(".*") && event.type.startsWith(type.substring(0, type.length() - 1))))
        .toList());
    Collections.reverse(events);
    return events;
  }
}
