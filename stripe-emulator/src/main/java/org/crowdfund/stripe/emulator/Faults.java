package org.crowdfund.stripe.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.crowdfund.stripe.emulator.domain.Json;

/**
 * Switchable misbehaviour for tests, changed at any time from Java or through
 * {@code POST /_emulator/faults}. Errors and lost responses apply to {@code /v1} requests whose
 * request line ({@code "POST /v1/payment_intents/pi_123/capture"}) matches {@link #onlyFor}.
 */
public final class Faults {

  private final int defaultRateLimit;
  private final Random random;
  private volatile int rateLimit;
  private volatile Duration latency = Duration.ZERO;
  private volatile double errorRate;
  private volatile double lostResponseRate;
  private volatile LostResponseMode lostResponseMode = LostResponseMode.SERVER_ERROR;
  private volatile Pattern requestPattern;
  private volatile boolean webhookDuplicates;
  private volatile int webhookOutOfOrderBatch;
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger loseNext = new AtomicInteger();
  private final AtomicInteger inProgress = new AtomicInteger();
  private volatile Duration processingTime = Duration.ZERO;

  Faults(int defaultRateLimit, long seed) {
    this.defaultRateLimit = defaultRateLimit;
    this.rateLimit = defaultRateLimit;
    this.random = new Random(seed);
  }

  /** Requests per second before answering 429 rate_limit; 0 turns the limit off. */
  public Faults rateLimit(int requestsPerSecond) {
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException("rate limit must be >= 0, got " + requestsPerSecond);
    }
    this.rateLimit = requestsPerSecond;
    return this;
  }

  /** Delay added before every {@code /v1} request is handled. */
  public Faults latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /**
   * How long each matching POST runs once it passed the idempotency layer (its key is then "in
   * progress"), so that a second request with the same key overlaps it and gets Stripe's 409.
   */
  public Faults processingTime(Duration processingTime) {
    this.processingTime = processingTime;
    return this;
  }

  /** POST requests now inside their processing time. */
  public int inProgress() {
    return inProgress.get();
  }

  /** Spends the processing time of a request that runs now (with its idempotency key in progress). */
  public void process(String requestLine) {
    long millis = processingTime.toMillis();
    if (millis <= 0 || !requestLine.startsWith("POST ") || !matches(requestLine)) {
      return;
    }
    inProgress.incrementAndGet();
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inProgress.decrementAndGet();
    }
  }

  /** Fraction (0..1) of matching requests answered 500 api_error without being applied. */
  public Faults errorRate(double fraction) {
    this.errorRate = fraction(fraction);
    return this;
  }

  /** Fraction (0..1) of matching POST requests that are applied but whose response is lost. */
  public Faults lostResponseRate(double fraction) {
    this.lostResponseRate = fraction(fraction);
    return this;
  }

  public Faults lostResponseMode(LostResponseMode mode) {
    this.lostResponseMode = mode;
    return this;
  }

  /** The next {@code count} matching requests are answered 500 api_error without being applied. */
  public Faults failNext(int count) {
    failNext.set(count);
    return this;
  }

  /** The next {@code count} matching POST requests are applied, then their responses are lost. */
  public Faults loseNextResponses(int count) {
    loseNext.set(count);
    return this;
  }

  /** Limits errors and lost responses to request lines matching this regex; null for every request. */
  public Faults onlyFor(String requestLineRegex) {
    this.requestPattern = requestLineRegex == null ? null : Pattern.compile(requestLineRegex);
    return this;
  }

  /** Delivers every webhook event twice (each delivery separately signed). */
  public Faults webhookDuplicates(boolean duplicates) {
    this.webhookDuplicates = duplicates;
    return this;
  }

  /**
   * Holds events back until {@code batchSize} are waiting (or a second passed) and delivers them
   * newest first; 0 or 1 delivers in order.
   */
  public Faults webhookOutOfOrder(int batchSize) {
    this.webhookOutOfOrderBatch = batchSize;
    return this;
  }

  /** Back to good behaviour, with the rate limit the emulator was started with. */
  public Faults clear() {
    rateLimit = defaultRateLimit;
    latency = Duration.ZERO;
    processingTime = Duration.ZERO;
    errorRate = 0;
    lostResponseRate = 0;
    lostResponseMode = LostResponseMode.SERVER_ERROR;
    requestPattern = null;
    webhookDuplicates = false;
    webhookOutOfOrderBatch = 0;
    failNext.set(0);
    loseNext.set(0);
    return this;
  }

  public int rateLimit() {
    return rateLimit;
  }

  public Duration latency() {
    return latency;
  }

  public LostResponseMode lostResponseMode() {
    return lostResponseMode;
  }

  public boolean webhookDuplicates() {
    return webhookDuplicates;
  }

  public int webhookOutOfOrderBatch() {
    return webhookOutOfOrderBatch;
  }

  /** Decides, and consumes a failNext count, whether this request gets an injected 500. */
  public boolean injectError(String requestLine) {
    return matches(requestLine) && (take(failNext) || roll(errorRate));
  }

  /** Decides, and consumes a loseNextResponses count, whether this applied request loses its response. */
  public boolean loseResponse(String requestLine) {
    return requestLine.startsWith("POST ") && matches(requestLine) && (take(loseNext) || roll(lostResponseRate));
  }

  /** The settings as the control endpoint shows and accepts them. */
  public ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("rate_limit", rateLimit);
    json.put("latency_ms", latency.toMillis());
    json.put("processing_ms", processingTime.toMillis());
    json.put("error_rate", errorRate);
    json.put("fail_next", failNext.get());
    json.put("lost_response_rate", lostResponseRate);
    json.put("lose_next", loseNext.get());
    json.put("lost_response_mode", lostResponseMode.name().toLowerCase(Locale.ROOT));
    json.put("only_for", requestPattern == null ? null : requestPattern.pattern());
    json.put("webhook_duplicates", webhookDuplicates);
    json.put("webhook_out_of_order_batch", webhookOutOfOrderBatch);
    return json;
  }

  /** Applies the fields present in a control request; absent fields keep their value. */
  public Faults apply(JsonNode json) {
    if (json.has("rate_limit")) {
      rateLimit(json.get("rate_limit").asInt());
    }
    if (json.has("processing_ms")) {
      processingTime(Duration.ofMillis(json.get("processing_ms").asLong()));
    }
    if (json.has("latency_ms")) {
      latency(Duration.ofMillis(json.get("latency_ms").asLong()));
    }
    if (json.has("error_rate")) {
      errorRate(json.get("error_rate").asDouble());
    }
    if (json.has("fail_next")) {
      failNext(json.get("fail_next").asInt());
    }
    if (json.has("lost_response_rate")) {
      lostResponseRate(json.get("lost_response_rate").asDouble());
    }
    if (json.has("lose_next")) {
      loseNextResponses(json.get("lose_next").asInt());
    }
    if (json.has("lost_response_mode")) {
      lostResponseMode(LostResponseMode.valueOf(json.get("lost_response_mode").asText().toUpperCase(Locale.ROOT)));
    }
    if (json.has("only_for")) {
      onlyFor(json.get("only_for").isNull() ? null : json.get("only_for").asText());
    }
    if (json.has("webhook_duplicates")) {
      webhookDuplicates(json.get("webhook_duplicates").asBoolean());
    }
    if (json.has("webhook_out_of_order_batch")) {
      webhookOutOfOrder(json.get("webhook_out_of_order_batch").asInt());
    }
    return this;
  }

  private boolean matches(String requestLine) {
    Pattern pattern = requestPattern;
    return pattern == null || pattern.matcher(requestLine).matches();
  }

  private static boolean take(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private boolean roll(double fraction) {
    if (fraction <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < fraction;
    }
  }

  private static double fraction(double value) {
    if (value < 0 || value > 1) {
      throw new IllegalArgumentException("fraction must be between 0 and 1, got " + value);
    }
    return value;
  }
}
