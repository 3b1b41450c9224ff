package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** One payment attempt of a PaymentIntent: an authorization (maybe captured later) or a failure. */
final class Charge implements StripeObject {

  String id;
  long created;
  long amount;
  String currency;
  String customer;
  String paymentIntent;
  String paymentMethod;
  String description;
  /** succeeded or failed; an authorization that is not captured yet is succeeded with captured=false. */
  String status;
  boolean captured;
  long amountCaptured;
  long amountRefunded;
  boolean refunded;
  /** Epoch seconds after which an uncaptured authorization is released; 0 for automatic capture. */
  long captureBefore;
  String failureCode;
  String failureMessage;
  String declineCode;
  Map<String, String> metadata = new LinkedHashMap<>();

  @Override
  public String id() {
    return id;
  }

  boolean succeeded() {
    return "succeeded".equals(status);
  }

  @Override
  public ObjectNode toJson(EmulatorState state) {
    ObjectNode json = Json.object();
    json.put("id", id);
    json.put("object", "charge");
    json.put("amount", amount);
    json.put("amount_captured", amountCaptured);
    json.put("amount_refunded", amountRefunded);
    json.putNull("application");
    json.putNull("application_fee");
    json.putNull("application_fee_amount");
    json.putNull("balance_transaction");
    json.set("billing_details", Json.emptyBillingDetails());
    json.putNull("calculated_statement_descriptor");
    json.put("captured", captured);
    json.put("created", created);
    json.put("currency", currency);
    json.put("customer", customer);
    json.put("description", description);
    json.put("disputed", false);
    json.putNull("failure_balance_transaction");
    json.put("failure_code", failureCode);
    json.put("failure_message", failureMessage);
    json.putObject("fraud_details");
    json.put("livemode", false);
    json.set("metadata", Json.metadata(metadata));
    json.putNull("on_behalf_of");
    json.set("outcome", outcome());
    json.put("paid", succeeded());
    json.put("payment_intent", paymentIntent);
    json.put("payment_method", paymentMethod);
    json.set("payment_method_details", paymentMethodDetails(state));
    json.putNull("receipt_email");
    json.putNull("receipt_number");
    json.putNull("receipt_url");
    json.put("refunded", refunded);
    json.putNull("review");
    json.putNull("shipping");
    json.putNull("source_transfer");
    json.putNull("statement_descriptor");
    json.putNull("statement_descriptor_suffix");
    json.put("status", status);
    json.putNull("transfer_data");
    json.putNull("transfer_group");
    return json;
  }

  private ObjectNode outcome() {
    ObjectNode outcome = Json.object();
    outcome.putNull("advice_code");
    outcome.putNull("network_advice_code");
    outcome.putNull("network_decline_code");
    if (failureCode == null) {
      outcome.put("network_status", "approved_by_network");
      outcome.putNull("reason");
      outcome.put("seller_message", "Payment complete.");
      outcome.put("type", "authorized");
    } else if ("authentication_required".equals(declineCode)) {
      outcome.put("network_status", "declined_by_network");
      outcome.put("reason", "authentication_required");
      outcome.put("seller_message", "The bank returned the decline code `authentication_required`.");
      outcome.put("type", "issuer_declined");
    } else {
      outcome.put("network_status", "declined_by_network");
      outcome.put("reason", declineCode);
      outcome.put("seller_message", "The bank did not return any further details with this decline.");
      outcome.put("type", "issuer_declined");
    }
    return outcome;
  }

  private ObjectNode paymentMethodDetails(EmulatorState state) {
    PaymentMethod method = state.paymentMethods.get(paymentMethod);
    ObjectNode details = Json.object();
    ObjectNode card = details.putObject("card");
    card.put("amount_authorized", succeeded() || captured ? amount : null);
    card.putNull("authorization_code");
    card.put("brand", method == null ? null : method.card.brand());
    if (captureBefore > 0) {
      card.put("capture_before", captureBefore);
    }
    ObjectNode checks = card.putObject("checks");
    checks.putNull("address_line1_check");
    checks.putNull("address_postal_code_check");
    checks.putNull("cvc_check");
    card.put("country", "US");
    card.put("exp_month", PaymentMethod.EXP_MONTH);
    card.put("exp_year", PaymentMethod.EXP_YEAR);
    card.putObject("extended_authorization").put("status", "disabled");
    card.put("fingerprint", method == null ? null : PaymentMethod.fingerprint(method.card));
    card.put("funding", "credit");
    card.putObject("incremental_authorization").put("status", "unavailable");
    card.putNull("installments");
    card.put("last4", method == null ? null : method.card.last4());
    card.putNull("mandate");
    card.putObject("multicapture").put("status", "unavailable");
    card.put("network", method == null ? null : method.card.brand());
    card.putObject("network_token").put("used", false);
    card.putNull("network_transaction_id");
    ObjectNode overcapture = card.putObject("overcapture");
    overcapture.put("maximum_amount_capturable", amount);
    overcapture.put("status", "unavailable");
    card.put("regulated_status", "unregulated");
    card.putNull("three_d_secure");
    card.putNull("wallet");
    details.put("type", "card");
    return details;
  }
}
