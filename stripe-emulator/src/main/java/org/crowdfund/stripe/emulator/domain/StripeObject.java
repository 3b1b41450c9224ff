package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An object of the emulated account that renders to Stripe's JSON for it. */
public interface StripeObject {

  String id();

  ObjectNode toJson(EmulatorState state);
}
