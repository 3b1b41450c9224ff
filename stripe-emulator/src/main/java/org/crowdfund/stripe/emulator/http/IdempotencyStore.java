package org.crowdfund.stripe.emulator.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.crowdfund.stripe.emulator.domain.StripeApiException;

/**
 * Stripe's idempotency layer: per API key, a key remembers the endpoint and parameters of its first
 * request and, once that request ran, its status and body for 24 hours. The same key with the same
 * request replays the saved answer; with another endpoint or other parameters it is an
 * idempotency_error; while the first request still runs, a second one gets 409.
 */
final class IdempotencyStore {

  static final long KEY_LIFETIME_SECONDS = 24L * 3600;
  /** Stripe's longest idempotency key. */
  static final int MAX_KEY_LENGTH = 255;

  record Saved(int status, byte[] body, String requestId) {}

  private static final class Entry {
    final String endpoint;
    final Map<String, Object> params;
    final long createdAt;
    Saved saved;

    Entry(String endpoint, Map<String, Object> params, long createdAt) {
      this.endpoint = endpoint;
      this.params = params;
      this.createdAt = createdAt;
    }
  }

  private final Map<String, Entry> entries = new HashMap<>();

  /** Empty when the request should run (the key is now in progress), else the saved answer to replay. */
  synchronized Optional<Saved> begin(String apiKey, String key, String endpoint, Map<String, Object> params,
      long now) {
    String scopedKey = apiKey + '\u0000' + key;
    Entry entry = entries.get(scopedKey);
    if (entry != null && now - entry.createdAt >= KEY_LIFETIME_SECONDS) {
      entries.remove(scopedKey);
      entry = null;
    }
    if (entry == null) {
      entries.put(scopedKey, new Entry(endpoint, params, now));
      return Optional.empty();
    }
    if (entry.saved == null) {
      throw StripeApiException.idempotencyKeyInUse("There is currently another in-progress request using this "
          + "Idempotent Key (that probably means you submitted twice, and the other request is still going "
          + "through): " + key + ". Please try again later.");
    }
    if (!entry.endpoint.equals(endpoint)) {
      throw StripeApiException.idempotency(400, "Keys for idempotent requests can only be used for the same "
          + "endpoint they were first used for ('" + endpoint + "' vs '" + entry.endpoint + "'). Try using a key "
          + "other than '" + key + "' if you meant to execute a different request.");
    }
    if (!entry.params.equals(params)) {
      throw StripeApiException.idempotency(400, "Keys for idempotent requests can only be used with the same "
          + "parameters they were first used with. Try using a key other than '" + key + "' if you meant to "
          + "execute a different request.");
    }
    return Optional.of(entry.saved);
  }

  synchronized void complete(String apiKey, String key, Saved saved) {
    Entry entry = entries.get(apiKey + '\u0000' + key);
    if (entry != null) {
      entry.saved = saved;
    }
  }

  /** The request failed validation: Stripe saves nothing, and the key can be used again. */
  synchronized void abandon(String apiKey, String key) {
    entries.remove(apiKey + '\u0000' + key);
  }

  synchronized void clear() {
    entries.clear();
  }
}
