package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An event with a copy of its object as it was when the event happened. */
public final class StripeEvent implements StripeObject {

  String id;
  long created;
  String type;
  String apiVersion;
  ObjectNode object;
  String requestId;
  String idempotencyKey;
  boolean webhookConfigured;

  @Override
  public String id() {
    return id;
  }

  public String type() {
    return type;
  }

  @Override
  public ObjectNode toJson(EmulatorState state) {
    return toJson();
  }

  public ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("id", id);
    json.put("object", "event");
    json.put("api_version", apiVersion);
    json.put("created", created);
    json.putObject("data").set("object", object.deepCopy());
    json.put("livemode", false);
    json.put("pending_webhooks", webhookConfigured ? 1 : 0);
    ObjectNode request = json.putObject("request");
    request.put("id", requestId);
    request.put("idempotency_key", idempotencyKey);
    json.put("type", type);
    return json;
  }
}
