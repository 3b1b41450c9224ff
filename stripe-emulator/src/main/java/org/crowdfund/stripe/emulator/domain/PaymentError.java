package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.crowdfund.stripe.emulator.TestCard;

/** A failed payment or setup attempt, rendered as last_payment_error / last_setup_error. */
final class PaymentError {

  String type;
  String code;
  String declineCode;
  String message;
  String charge;
  String paymentMethod;
  String param;

  static PaymentError card(String code, String declineCode, String message, String charge, String paymentMethod) {
    PaymentError error = new PaymentError();
    error.type = "card_error";
    error.code = code;
    error.declineCode = declineCode;
    error.message = message;
    error.charge = charge;
    error.paymentMethod = paymentMethod;
    return error;
  }

  /** A test card's refusal, with its own code, decline code, message and param. */
  static PaymentError card(TestCard.Decline refusal, String charge, String paymentMethod) {
    PaymentError error = card(refusal.code(), refusal.declineCode(), refusal.message(), charge, paymentMethod);
    error.param = refusal.param();
    return error;
  }

  ObjectNode toJson(EmulatorState state) {
    ObjectNode json = Json.object();
    if (charge != null) {
      json.put("charge", charge);
    }
    json.put("code", code);
    if (declineCode != null) {
      json.put("decline_code", declineCode);
    }
    json.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    json.put("message", message);
    if (param != null) {
      json.put("param", param);
    }
    PaymentMethod method = paymentMethod == null ? null : state.paymentMethods.get(paymentMethod);
    if (method != null) {
      json.set("payment_method", method.toJson(state));
    }
    json.put("type", type);
    return json;
  }

  /** The same failure as the error body of the HTTP 402 answer. */
  StripeApiException toException(EmulatorState state) {
    StripeApiException exception = StripeApiException.cardError(code, declineCode, param, message);
    if (charge != null) {
      exception.with("charge", charge);
    }
    PaymentMethod method = paymentMethod == null ? null : state.paymentMethods.get(paymentMethod);
    if (method != null) {
      exception.with("payment_method", method.toJson(state));
    }
    return exception;
  }
}
