package org.crowdfund.stripe.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.crowdfund.stripe.emulator.domain.Json;
import org.crowdfund.stripe.emulator.domain.Params;
import org.crowdfund.stripe.emulator.domain.StripeAccount;
import org.crowdfund.stripe.emulator.domain.StripeApiException;
import org.crowdfund.stripe.emulator.http.ControlHandler;
import org.crowdfund.stripe.emulator.http.StripeApiHandler;

/**
 * A local Stripe API that stripe-java talks to unmodified (API base overridden). Embeddable in
 * tests:
 *
 * <pre>{@code
 * try (StripeEmulator stripe = StripeEmulator.builder().port(0).build().start()) {
 *   StripeClient client = StripeClient.builder().setApiKey("sk_test_123").setApiBase(stripe.baseUrl()).build();
 *   ...
 *   stripe.clock().advance(Duration.ofDays(7));
 *   assertEquals(1, stripe.ledger().count(intentId, MoneyMovement.Type.CAPTURED));
 * }
 * }</pre>
 */
public final class StripeEmulator implements AutoCloseable {

  /** The API version objects follow (the one stripe-java 33.3.0 pins); events carry it too. */
  public static final String API_VERSION = "2026-07-29.dahlia";
  public static final int DEFAULT_PORT = 12111;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String DEFAULT_WEBHOOK_SECRET = "whsec_crowdfund_local";
  /** Stripe's test-mode limit: 25 requests per second. */
  public static final int DEFAULT_RATE_LIMIT = 25;

  private static final System.Logger LOG = System.getLogger(StripeEmulator.class.getName());

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: about 40 ms per request. Must be set before the JDK server is first used.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Builder config;
  private final EmulatorClock clock;
  private final Faults faults;
  private final Webhooks webhooks;
  private final StripeAccount account;
  private final Ledger ledger;
  private final StripeApiHandler api;
  private final SnapshotFile snapshot;
  private HttpServer server;
  private ExecutorService requestThreads;
  private ScheduledExecutorService housekeeping;
  private long savedModifications = -1;

  private StripeEmulator(Builder config) {
    this.config = config;
    this.clock = new EmulatorClock(config.baseClock);
    this.faults = new Faults(config.rateLimit, config.faultSeed);
    this.webhooks = new Webhooks(config.webhookUrl, config.webhookSecret, faults, config.webhookRetryBackoff,
        Duration.ofMinutes(5), config.webhookMaxAttempts);
    this.account = new StripeAccount(clock, API_VERSION,
        event -> webhooks.publish(event.id(), event.type(), Json.string(event.toJson())),
        () -> webhooks.url() != null);
    this.ledger = new Ledger(() -> account.state().movements());
    this.api = new StripeApiHandler(account, faults, clock, API_VERSION);
    this.snapshot = config.snapshotFile == null ? null : new SnapshotFile(config.snapshotFile);
    clock.onAdvance(account::onClockAdvanced);
    account.testClocks.advanceClockWith(clock::advance);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Loads the snapshot if one is configured and exists, then starts listening. */
  public StripeEmulator start() {
    if (snapshot != null) {
      snapshot.load().ifPresent(content -> {
        clock.restoreOffset(Duration.ofMillis(content.clockOffsetMillis));
        account.replaceState(content.state);
      });
    }
    try {
      server = HttpServer.create(new InetSocketAddress(config.host, config.port), 256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + config.host + ":" + config.port, e);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    requestThreads = Executors.newFixedThreadPool(config.threads, runnable -> {
      Thread thread = new Thread(runnable, "stripe-emulator-http-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(requestThreads);
    server.createContext("/v1/", api);
    server.createContext("/_emulator/", new ControlHandler(this));
    server.createContext("/", exchange -> {
      try {
        byte[] body = Json.bytes(StripeApiException.unrecognizedUrl(exchange.getRequestMethod(),
            exchange.getRequestURI().getPath()).toJson());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
      } finally {
        exchange.close();
      }
    });
    server.start();
    account.baseUrl(baseUrl());
    housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "stripe-emulator-housekeeping");
      thread.setDaemon(true);
      return thread;
    });
    housekeeping.scheduleWithFixedDelay(this::houseKeeping, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  /** The URL to give stripe-java as API base, e.g. {@code http://127.0.0.1:12111}. */
  public String baseUrl() {
    return "http://" + config.host + ":" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public EmulatorClock clock() {
    return clock;
  }

  public Ledger ledger() {
    return ledger;
  }

  public Faults faults() {
    return faults;
  }

  public Webhooks webhooks() {
    return webhooks;
  }

  /**
   * Finishes the 3D Secure step of a PaymentIntent or SetupIntent in requires_action, as the
   * customer would on the bank's page ({@code next_action.redirect_to_url.url} does the same).
   */
  public ObjectNode completeAuthentication(String intentId, boolean authenticated) {
    return account.execute("req_emulator_authentication", null, () -> account.render(intentId.startsWith("seti_")
        ? account.setupIntents.completeAuthentication(intentId, authenticated)
        : account.paymentIntents.completeAuthentication(intentId, authenticated), List.of()));
  }

  /**
   * Makes an existing PaymentMethod behave like another test card from now on, e.g. a saved Visa
   * that starts declining with insufficient_funds. Not a Stripe feature.
   */
  public ObjectNode behaveAs(String paymentMethodId, TestCard card) {
    return account.execute("req_behave_as", null,
        () -> account.render(account.paymentMethods.behaveAs(paymentMethodId, card), List.of()));
  }

  /** Retrieves any object as the API would render it (for assertions without a Stripe client). */
  public ObjectNode object(String id) {
    return account.execute("req_object", null, () -> {
      String prefix = id.substring(0, Math.max(0, id.indexOf('_')));
      return switch (prefix) {
        case "pi" -> account.render(account.paymentIntents.retrieve(id), List.of());
        case "seti" -> account.render(account.setupIntents.retrieve(id), List.of());
        case "cus" -> account.render(account.customers.retrieve(id), List.of());
        case "pm" -> account.render(account.paymentMethods.retrieve(id), List.of());
        case "ch" -> account.render(account.refunds.charge(id), List.of());
        case "re" -> account.render(account.refunds.retrieve(id), List.of());
        case "evt" -> account.render(account.events.retrieve(id), List.of());
        case "clock" -> account.render(account.testClocks.retrieve(id), List.of());
        default -> throw new IllegalArgumentException("unknown object id " + id);
      };
    });
  }

  /** Every event so far, oldest first, as rendered JSON. */
  public List<ObjectNode> events() {
    return account.read(() -> {
      List<ObjectNode> events = new ArrayList<>();
      account.events.list(Params.empty()).forEach(event -> events.add(0, event.toJson()));
      return events;
    });
  }

  /** Empties the account, ledger, idempotency keys, webhook log and faults; the clock is kept. */
  public void reset() {
    account.reset();
    api.clearIdempotencyKeys();
    faults.clear();
    webhooks.clearLog();
  }

  /** Writes the snapshot file now (it is also written every second while things change, and on close). */
  public void saveSnapshot() {
    if (snapshot == null) {
      throw new IllegalStateException("no snapshot file configured");
    }
    account.read(() -> {
      snapshot.save(clock.offset(), account.state());
      savedModifications = account.modifications();
      return null;
    });
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    if (requestThreads != null) {
      requestThreads.shutdownNow();
    }
    if (housekeeping != null) {
      housekeeping.shutdownNow();
    }
    if (snapshot != null && server != null) {
      saveSnapshot();
    }
    webhooks.close();
  }

  /** Every second: holds that expired in real time are released, and the snapshot is saved if needed. */
  private void houseKeeping() {
    try {
      account.expireDueHolds();
      if (snapshot != null && account.modifications() != savedModifications) {
        saveSnapshot();
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "emulator housekeeping failed", e);
    }
  }

  /** Settings, with the defaults of the standalone emulator. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String webhookUrl;
    private String webhookSecret = DEFAULT_WEBHOOK_SECRET;
    private Path snapshotFile;
    private int rateLimit = DEFAULT_RATE_LIMIT;
    private Clock baseClock = Clock.systemUTC();
    private Duration webhookRetryBackoff = Duration.ofSeconds(1);
    private int webhookMaxAttempts = 8;
    private int threads = 16;
    private long faultSeed = 42;

    private Builder() {}

    /**
     * Reads STRIPE_EMULATOR_PORT, _HOST, _WEBHOOK_URL, _WEBHOOK_SECRET, _SNAPSHOT and _RATE_LIMIT;
     * unset variables keep their defaults.
     */
    public Builder fromEnvironment(Map<String, String> env) {
      setting(env, "STRIPE_EMULATOR_PORT").ifPresent(value -> port(integer("STRIPE_EMULATOR_PORT", value)));
      setting(env, "STRIPE_EMULATOR_HOST").ifPresent(this::host);
      setting(env, "STRIPE_EMULATOR_WEBHOOK_URL").ifPresent(this::webhookUrl);
      setting(env, "STRIPE_EMULATOR_WEBHOOK_SECRET").ifPresent(this::webhookSecret);
      setting(env, "STRIPE_EMULATOR_SNAPSHOT").ifPresent(value -> snapshotFile(Path.of(value)));
      setting(env, "STRIPE_EMULATOR_RATE_LIMIT")
          .ifPresent(value -> rateLimit(integer("STRIPE_EMULATOR_RATE_LIMIT", value)));
      return this;
    }

    private static Optional<String> setting(Map<String, String> env, String name) {
      return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static int integer(String name, String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
      }
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** 0 picks a free port (read it back with {@link StripeEmulator#port()}). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Where events are POSTed; null (the default) delivers none. */
    public Builder webhookUrl(String webhookUrl) {
      this.webhookUrl = webhookUrl;
      return this;
    }

    public Builder webhookSecret(String webhookSecret) {
      this.webhookSecret = webhookSecret;
      return this;
    }

    public Builder snapshotFile(Path snapshotFile) {
      this.snapshotFile = snapshotFile;
      return this;
    }

    /** Requests per second before 429; 0 turns it off. Default 25, Stripe's test-mode limit. */
    public Builder rateLimit(int requestsPerSecond) {
      if (requestsPerSecond < 0) {
        throw new IllegalArgumentException("the rate limit must be 0 (off) or more, got " + requestsPerSecond);
      }
      this.rateLimit = requestsPerSecond;
      return this;
    }

    /** The clock the emulator clock runs on before tests advance it; the system clock by default. */
    public Builder baseClock(Clock baseClock) {
      this.baseClock = baseClock;
      return this;
    }

    /** First retry delay of a failed webhook delivery, doubled per attempt (max 5 min). Default 1 s. */
    public Builder webhookRetryBackoff(Duration initialDelay) {
      this.webhookRetryBackoff = initialDelay;
      return this;
    }

    /** Attempts per event before giving up. Default 8. */
    public Builder webhookMaxAttempts(int attempts) {
      this.webhookMaxAttempts = attempts;
      return this;
    }

    /** Request threads. Default 16 (injected latency holds a thread per request). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Seed of the random error and lost-response rates, for repeatable test runs. */
    public Builder faultSeed(long seed) {
      this.faultSeed = seed;
      return this;
    }

    public StripeEmulator build() {
      return new StripeEmulator(this);
    }
  }
}
