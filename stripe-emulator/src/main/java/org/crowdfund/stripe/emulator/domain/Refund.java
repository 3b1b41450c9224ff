package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

final class Refund implements StripeObject {

  String id;
  long created;
  long amount;
  String currency;
  String charge;
  String paymentIntent;
  String paymentMethod;
  String customer;
  String reason;
  Map<String, String> metadata = new LinkedHashMap<>();

  @Override
  public String id() {
    return id;
  }

  @Override
  public ObjectNode toJson(EmulatorState state) {
    ObjectNode json = Json.object();
    json.put("id", id);
    json.put("object", "refund");
    json.put("amount", amount);
    json.putNull("balance_transaction");
    json.put("charge", charge);
    json.put("created", created);
    json.put("currency", currency);
    json.put("customer", customer);
    json.putNull("customer_account");
    ObjectNode destination = json.putObject("destination_details");
    ObjectNode card = destination.putObject("card");
    card.putNull("reference");
    card.put("reference_status", "pending");
    card.put("reference_type", "acquirer_reference_number");
    card.put("type", "refund");
    destination.put("type", "card");
    json.set("metadata", Json.metadata(metadata));
    json.put("payment_intent", paymentIntent);
    json.put("payment_method", paymentMethod);
    json.put("reason", reason);
    json.putNull("receipt_number");
    json.putNull("source_transfer_reversal");
    json.put("status", "succeeded");
    json.putNull("transfer_reversal");
    return json;
  }
}
