package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

final class SetupIntent implements StripeObject {

  String id;
  String clientSecret;
  long created;
  String customer;
  String paymentMethod;
  SetupIntentStatus status;
  String usage;
  String description;
  String cancellationReason;
  boolean automaticPaymentMethods;
  PaymentError lastSetupError;
  String authenticationUrl;
  String returnUrl;
  Map<String, String> metadata = new LinkedHashMap<>();

  @Override
  public String id() {
    return id;
  }

  @Override
  public ObjectNode toJson(EmulatorState state) {
    ObjectNode json = Json.object();
    json.put("id", id);
    json.put("object", "setup_intent");
    json.putNull("application");
    if (automaticPaymentMethods) {
      ObjectNode automatic = json.putObject("automatic_payment_methods");
      automatic.put("allow_redirects", "always");
      automatic.put("enabled", true);
    } else {
      json.putNull("automatic_payment_methods");
    }
    json.put("cancellation_reason", cancellationReason);
    json.put("client_secret", clientSecret);
    json.put("created", created);
    json.put("customer", customer);
    json.put("description", description);
    json.putNull("excluded_payment_method_types");
    json.putNull("flow_directions");
    json.set("last_setup_error", lastSetupError == null ? null : lastSetupError.toJson(state));
    json.putNull("latest_attempt");
    json.put("livemode", false);
    json.putNull("mandate");
    json.set("metadata", Json.metadata(metadata));
    json.set("next_action", NextAction.json(status == SetupIntentStatus.REQUIRES_ACTION, authenticationUrl, returnUrl));
    json.putNull("on_behalf_of");
    json.put("payment_method", paymentMethod);
    json.putNull("payment_method_configuration_details");
    ObjectNode options = json.putObject("payment_method_options").putObject("card");
    options.putNull("mandate_options");
    options.putNull("network");
    options.put("request_three_d_secure", "automatic");
    json.set("payment_method_types", Json.array("card"));
    json.putNull("single_use_mandate");
    json.put("status", status.wire());
    json.put("usage", usage);
    return json;
  }
}
