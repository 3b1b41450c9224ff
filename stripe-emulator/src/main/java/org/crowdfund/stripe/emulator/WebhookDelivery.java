package org.crowdfund.stripe.emulator;

import java.time.Instant;

/**
 * One attempt to deliver an event to the webhook URL.
 *
 * @param eventId the event delivered
 * @param type its type, e.g. payment_intent.succeeded
 * @param attempt 1 for the first try, then counting retries
 * @param status HTTP status answered by the receiver, 0 when the connection failed
 * @param at wall-clock time of the attempt
 */
public record WebhookDelivery(String eventId, String type, int attempt, int status, Instant at) {

  public boolean succeeded() {
    return status >= 200 && status < 300;
  }
}
