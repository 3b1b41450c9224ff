package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

final class Customer implements StripeObject {

  String id;
  long created;
  String email;
  String name;
  String description;
  String phone;
  String defaultPaymentMethod;
  String invoicePrefix;
  Map<String, String> metadata = new LinkedHashMap<>();

  @Override
  public String id() {
    return id;
  }

  @Override
  public ObjectNode toJson(EmulatorState state) {
    ObjectNode json = Json.object();
    json.put("id", id);
    json.put("object", "customer");
    json.putNull("address");
    json.put("balance", 0);
    json.put("created", created);
    json.putNull("currency");
    json.putNull("default_source");
    json.put("delinquent", false);
    json.put("description", description);
    json.putNull("discount");
    json.put("email", email);
    json.put("invoice_prefix", invoicePrefix);
    ObjectNode invoiceSettings = json.putObject("invoice_settings");
    invoiceSettings.putNull("custom_fields");
    invoiceSettings.put("default_payment_method", defaultPaymentMethod);
    invoiceSettings.putNull("footer");
    invoiceSettings.putNull("rendering_options");
    json.put("livemode", false);
    json.set("metadata", Json.metadata(metadata));
    json.put("name", name);
    json.put("next_invoice_sequence", 1);
    json.put("phone", phone);
    json.set("preferred_locales", Json.array());
    json.putNull("shipping");
    json.put("tax_exempt", "none");
    json.putNull("test_clock");
    return json;
  }
}
