package org.crowdfund.stripe.emulator.http;

import java.util.function.IntSupplier;

/**
 * Token bucket like Stripe's: up to the limit per second on average, with a burst of one second's
 * worth. The limit is read on every request so tests can change it while the emulator runs.
 */
final class RateLimiter {

  private final IntSupplier requestsPerSecond;
  private double tokens;
  private long lastRefillNanos = System.nanoTime();
  private int lastLimit;

  RateLimiter(IntSupplier requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
  }

  synchronized boolean tryAcquire() {
    int limit = requestsPerSecond.getAsInt();
    if (limit <= 0) {
      return true;
    }
    long now = System.nanoTime();
    if (limit != lastLimit) {
      tokens = limit;
      lastLimit = limit;
    } else {
      tokens = Math.min(limit, tokens + (now - lastRefillNanos) / 1e9 * limit);
    }
    lastRefillNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
