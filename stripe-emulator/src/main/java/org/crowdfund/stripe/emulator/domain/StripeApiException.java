package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.crowdfund.stripe.emulator.TestCard;

/**
 * An error answered in Stripe's shape: {@code {"error": {"type", "code", "message", ...}}} with
 * Stripe's HTTP status for it. Domain operations throw it; the HTTP layer renders it.
 */
public final class StripeApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String code;
  private final String declineCode;
  private final String param;
  private final ObjectNode extra = Json.object();

  private StripeApiException(int status, String type, String code, String declineCode, String param, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.declineCode = declineCode;
    this.param = param;
  }

  public static StripeApiException invalidRequest(String code, String param, String message) {
    return new StripeApiException(400, "invalid_request_error", code, null, param, message);
  }

  public static StripeApiException missingParam(String param) {
    return invalidRequest("parameter_missing", param, "Missing required param: " + param + ".");
  }

  /** A referenced object that does not exist; 404 when it is the object in the URL, else 400. */
  public static StripeApiException noSuch(String objectName, String id, String param, boolean inUrl) {
    return new StripeApiException(inUrl ? 404 : 400, "invalid_request_error", "resource_missing", null, param,
        "No such " + objectName + ": '" + id + "'");
  }

  public static StripeApiException unexpectedState(String objectName, String message) {
    return invalidRequest(objectName + "_unexpected_state", null, message);
  }

  public static StripeApiException cardError(String code, String declineCode, String param, String message) {
    return new StripeApiException(402, "card_error", code, declineCode, param, message);
  }

  public static StripeApiException cardError(TestCard.Decline refusal) {
    return cardError(refusal.code(), refusal.declineCode(), refusal.param(), refusal.message());
  }

  public static StripeApiException idempotency(int status, String message) {
    return new StripeApiException(status, "idempotency_error", null, null, null, message);
  }

  /** 409: another request with the same key is still running; retrying later gets its result. */
  public static StripeApiException idempotencyKeyInUse(String message) {
    return new StripeApiException(409, "idempotency_error", "idempotency_key_in_use", null, null, message);
  }

  public static StripeApiException unauthorized(String message) {
    return new StripeApiException(401, "invalid_request_error", null, null, null, message);
  }

  /** Stripe answers 429 with type invalid_request_error and code rate_limit (stripe-java maps it by status). */
  public static StripeApiException rateLimited() {
    return new StripeApiException(429, "invalid_request_error", "rate_limit", null, null,
        "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.");
  }

  public static StripeApiException apiError(String message) {
    return new StripeApiException(500, "api_error", null, null, null, message);
  }

  public static StripeApiException unrecognizedUrl(String method, String path) {
    return new StripeApiException(404, "invalid_request_error", null, null, null,
        "Unrecognized request URL (" + method + ": " + path + "). Please see https://stripe.com/docs "
            + "or we can help at https://support.stripe.com/.");
  }

  /** Adds an object or id to the error body, as Stripe does for payment_intent, setup_intent, charge... */
  public StripeApiException with(String field, Object value) {
    extra.set(field, Json.MAPPER.valueToTree(value));
    return this;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  public String declineCode() {
    return declineCode;
  }

  /**
   * Stripe saves an idempotent result only once the request started executing: card errors and
   * server errors are replayed, validation errors are not.
   */
  public boolean savedForIdempotency() {
    return status == 402 || status >= 500;
  }

  public ObjectNode toJson() {
    ObjectNode error = Json.object();
    if (code != null) {
      error.put("code", code);
    }
    if (declineCode != null) {
      error.put("decline_code", declineCode);
    }
    if (code != null) {
      error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    }
    error.put("message", getMessage());
    if (param != null) {
      error.put("param", param);
    }
    error.setAll(extra);
    error.put("type", type);
    ObjectNode body = Json.object();
    body.set("error", error);
    return body;
  }
}
