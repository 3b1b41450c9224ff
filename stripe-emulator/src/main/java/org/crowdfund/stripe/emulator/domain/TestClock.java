package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Stripe's test clock shape. The emulator has one global clock: advancing any test clock moves
 * the whole emulator forward by the same amount.
 */
final class TestClock implements StripeObject {

  static final long LIFETIME_SECONDS = 30L * 24 * 3600;

  String id;
  long created;
  long frozenTime;
  String name;

  @Override
  public String id() {
    return id;
  }

  @Override
  public ObjectNode toJson(EmulatorState state) {
    ObjectNode json = Json.object();
    json.put("id", id);
    json.put("object", "test_helpers.test_clock");
    json.put("created", created);
    json.put("deletes_after", created + LIFETIME_SECONDS);
    json.put("frozen_time", frozenTime);
    json.put("livemode", false);
    json.put("name", name);
    json.put("status", "ready");
    json.putObject("status_details");
    return json;
  }
}
