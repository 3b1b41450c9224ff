package org.crowdfund.stripe.emulator;

/** How a response is lost after the operation was applied. */
public enum LostResponseMode {
  /**
   * Answer HTTP 500 api_error instead of the real result. stripe-java retries it by itself (with
   * {@code maxNetworkRetries > 0}) using the same Idempotency-Key and receives the saved result.
   */
  SERVER_ERROR,
  /**
   * Close the connection without any answer. stripe-java reports an ApiConnectionException and
   * does not retry it on its own; the caller must retry with the same Idempotency-Key.
   */
  CONNECTION_CLOSED
}
