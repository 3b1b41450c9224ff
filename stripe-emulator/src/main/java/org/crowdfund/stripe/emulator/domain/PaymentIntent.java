package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

final class PaymentIntent implements StripeObject {

  String id;
  String clientSecret;
  long created;
  long amount;
  String currency;
  String customer;
  String paymentMethod;
  PaymentIntentStatus status;
  String captureMethod;
  long amountCapturable;
  long amountReceived;
  String latestCharge;
  String cancellationReason;
  long canceledAt;
  String description;
  String receiptEmail;
  String setupFutureUsage;
  String statementDescriptor;
  String statementDescriptorSuffix;
  boolean automaticPaymentMethods;
  PaymentError lastPaymentError;
  /** Where the customer completes 3D Secure while status is requires_action. */
  String authenticationUrl;
  String returnUrl;
  /** Whether the latest confirmation was merchant-initiated (off_session): its hold lapses sooner. */
  boolean offSession;
  Map<String, String> metadata = new LinkedHashMap<>();

  @Override
  public String id() {
    return id;
  }

  boolean manualCapture() {
    return "manual".equals(captureMethod);
  }

  @Override
  public ObjectNode toJson(EmulatorState state) {
    ObjectNode json = Json.object();
    json.put("id", id);
    json.put("object", "payment_intent");
    json.put("amount", amount);
    json.put("amount_capturable", amountCapturable);
    json.putObject("amount_details").putObject("tip");
    json.put("amount_received", amountReceived);
    json.putNull("application");
    json.putNull("application_fee_amount");
    if (automaticPaymentMethods) {
      ObjectNode automatic = json.putObject("automatic_payment_methods");
      automatic.put("allow_redirects", "always");
      automatic.put("enabled", true);
    } else {
      json.putNull("automatic_payment_methods");
    }
    if (canceledAt > 0) {
      json.put("canceled_at", canceledAt);
    } else {
      json.putNull("canceled_at");
    }
    json.put("cancellation_reason", cancellationReason);
    json.put("capture_method", captureMethod);
    json.put("client_secret", clientSecret);
    json.put("confirmation_method", "automatic");
    json.put("created", created);
    json.put("currency", currency);
    json.put("customer", customer);
    json.putNull("customer_account");
    json.put("description", description);
    json.putNull("excluded_payment_method_types");
    json.set("last_payment_error", lastPaymentError == null ? null : lastPaymentError.toJson(state));
    json.put("latest_charge", latestCharge);
    json.put("livemode", false);
    json.set("metadata", Json.metadata(metadata));
    json.set("next_action", NextAction.json(status == PaymentIntentStatus.REQUIRES_ACTION, authenticationUrl,
        returnUrl));
    json.putNull("on_behalf_of");
    json.put("payment_method", paymentMethod);
    json.putNull("payment_method_configuration_details");
    ObjectNode options = json.putObject("payment_method_options").putObject("card");
    options.putNull("installments");
    options.putNull("mandate_options");
    options.putNull("network");
    options.put("request_three_d_secure", "automatic");
    json.set("payment_method_types", Json.array("card"));
    json.putNull("processing");
    json.put("receipt_email", receiptEmail);
    json.putNull("review");
    json.put("setup_future_usage", setupFutureUsage);
    json.putNull("shipping");
    json.putNull("source");
    json.put("statement_descriptor", statementDescriptor);
    json.put("statement_descriptor_suffix", statementDescriptorSuffix);
    json.put("status", status.wire());
    json.putNull("transfer_data");
    json.putNull("transfer_group");
    return json;
  }
}
