package org.crowdfund.stripe.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.crowdfund.stripe.emulator.Faults;
import org.crowdfund.stripe.emulator.LostResponseMode;
import org.crowdfund.stripe.emulator.domain.Ids;
import org.crowdfund.stripe.emulator.domain.Json;
import org.crowdfund.stripe.emulator.domain.Params;
import org.crowdfund.stripe.emulator.domain.StripeAccount;
import org.crowdfund.stripe.emulator.domain.StripeApiException;

/**
 * Stripe's {@code /v1} API in the order Stripe's front door applies things: injected latency,
 * authentication, rate limit, injected errors, then the idempotency layer around the operation,
 * and last the "response lost" fault, which strikes after the result was saved.
 */
public final class StripeApiHandler implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(StripeApiHandler.class.getName());
  private static final String JSON = "application/json";
  private static final Pattern VERSION = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\.([a-z]+))?");
  /** Stripe's first dated API version. */
  private static final LocalDate FIRST_VERSION = LocalDate.of(2011, 1, 1);

  private final StripeAccount account;
  private final Faults faults;
  private final Clock clock;
  private final String defaultApiVersion;
  private final RateLimiter rateLimiter;
  private final IdempotencyStore idempotency = new IdempotencyStore();
  private final List<Route> routes;

  public StripeApiHandler(StripeAccount account, Faults faults, Clock clock, String defaultApiVersion) {
    this.account = account;
    this.faults = faults;
    this.clock = clock;
    this.defaultApiVersion = defaultApiVersion;
    this.rateLimiter = new RateLimiter(faults::rateLimit);
    this.routes = Routes.of(account);
  }

  /** Forgets every idempotency key (emulator reset). */
  public void clearIdempotencyKeys() {
    idempotency.clear();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      respond(exchange);
    } catch (RuntimeException | IOException e) {
      LOG.log(System.Logger.Level.ERROR, "request failed: " + exchange.getRequestURI(), e);
    } finally {
      exchange.close();
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    String requestId = "req_" + Ids.random(14);
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String requestLine = method + " " + path;
    String apiVersion = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Stripe-Version"))
        .orElse(defaultApiVersion);
    exchange.getResponseHeaders().set("Request-Id", requestId);
    exchange.getResponseHeaders().set("Stripe-Version", apiVersion);
    pause(faults.latency().toMillis());

    String apiKey;
    Params params;
    Route.Match match;
    try {
      apiKey = apiKey(exchange);
      requireKnownVersion(exchange.getRequestHeaders().getFirst("Stripe-Version"));
      if (!rateLimiter.tryAcquire()) {
        throw StripeApiException.rateLimited();
      }
      String encoded = "POST".equals(method) ? Exchanges.body(exchange) : exchange.getRequestURI().getRawQuery();
      params = new Params(FormDecoder.decode(encoded));
      if (faults.injectError(requestLine)) {
        throw StripeApiException.apiError("An unknown error occurred (injected by the stripe-emulator).");
      }
      match = Route.find(routes, method, path).orElseThrow(() -> StripeApiException.unrecognizedUrl(method, path));
    } catch (StripeApiException e) {
      Exchanges.send(exchange, e.status(), JSON, Json.bytes(e.toJson()));
      return;
    }

    String key = "POST".equals(method) ? exchange.getRequestHeaders().getFirst("Idempotency-Key") : null;
    if (key != null && key.length() > IdempotencyStore.MAX_KEY_LENGTH) {
      StripeApiException tooLong = StripeApiException.invalidRequest(null, null, "Keys for idempotent requests can "
          + "only be up to " + IdempotencyStore.MAX_KEY_LENGTH + " characters long (this one has " + key.length()
          + ").");
      Exchanges.send(exchange, tooLong.status(), JSON, Json.bytes(tooLong.toJson()));
      return;
    }
    if (key != null) {
      exchange.getResponseHeaders().set("Idempotency-Key", key);
      Optional<IdempotencyStore.Saved> saved;
      try {
        saved = idempotency.begin(apiKey, key, path, params.asMap(), clock.instant().getEpochSecond());
      } catch (StripeApiException e) {
        Exchanges.send(exchange, e.status(), JSON, Json.bytes(e.toJson()));
        return;
      }
      if (saved.isPresent()) {
        exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        exchange.getResponseHeaders().set("Original-Request", saved.get().requestId());
        Exchanges.send(exchange, saved.get().status(), JSON, saved.get().body());
        return;
      }
    }

    int status;
    byte[] body;
    boolean saveable;
    try {
      faults.process(requestLine);
      ObjectNode result = account.execute(requestId, key, () -> match.handle(params));
      status = 200;
      body = Json.bytes(result);
      saveable = true;
    } catch (StripeApiException e) {
      status = e.status();
      body = Json.bytes(e.toJson());
      saveable = e.savedForIdempotency();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "operation failed: " + requestLine, e);
      StripeApiException error = StripeApiException.apiError("An unexpected error occurred in the stripe-emulator: "
          + e);
      status = error.status();
      body = Json.bytes(error.toJson());
      saveable = true;
    }
    if (key != null) {
      if (saveable) {
        idempotency.complete(apiKey, key, new IdempotencyStore.Saved(status, body, requestId));
      } else {
        idempotency.abandon(apiKey, key);
      }
    }

    if (faults.loseResponse(requestLine)) {
      if (faults.lostResponseMode() == LostResponseMode.CONNECTION_CLOSED) {
        return;
      }
      StripeApiException lost = StripeApiException.apiError(
          "An unknown error occurred (response lost after success, injected by the stripe-emulator).");
      Exchanges.send(exchange, lost.status(), JSON, Json.bytes(lost.toJson()));
      return;
    }
    Exchanges.send(exchange, status, JSON, body);
  }

  /**
   * Stripe refuses a Stripe-Version it never released. The emulator accepts Stripe's dated
   * versions (YYYY-MM-DD, with the release name Stripe appends since 2024) from the first one up
   * to the version it implements, and refuses anything else, as Stripe does.
   */
  private void requireKnownVersion(String version) {
    if (version == null) {
      return;
    }
    Matcher matcher = VERSION.matcher(version);
    boolean known = false;
    if (matcher.matches()) {
      try {
        LocalDate date = LocalDate.parse(matcher.group(1));
        LocalDate newest = LocalDate.parse(defaultApiVersion.substring(0, 10));
        known = !date.isBefore(FIRST_VERSION) && !date.isAfter(newest)
            && (matcher.group(2) == null || version.equals(defaultApiVersion) || date.isBefore(newest));
      } catch (DateTimeParseException e) {
        known = false;
      }
    }
    if (!known) {
      throw StripeApiException.invalidRequest(null, null, "Invalid Stripe API version: " + version + ". Use a "
          + "version Stripe released, such as " + defaultApiVersion + ".");
    }
  }

  /** Bearer (as stripe-java sends it) or Basic with the key as user name (as curl -u sends it). */
  private static String apiKey(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || authorization.isBlank()) {
      throw StripeApiException.unauthorized("You did not provide an API key. You need to provide your API key in "
          + "the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
          + "https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.");
    }
    String key = authorization.trim();
    if (key.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = key.substring(7).trim();
    } else if (key.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(key.substring(6).trim()), StandardCharsets.UTF_8);
        key = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
      } catch (IllegalArgumentException e) {
        key = "";
      }
    }
    if (!key.matches("(sk|rk)_test_[A-Za-z0-9_]+")) {
      throw StripeApiException.unauthorized("Invalid API Key provided: " + redact(key)
          + " (the stripe-emulator accepts test-mode secret keys: sk_test_...)");
    }
    return key;
  }

  private static String redact(String key) {
    if (key.length() <= 12) {
      return "*".repeat(key.length());
    }
    return key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
  }

  private static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
