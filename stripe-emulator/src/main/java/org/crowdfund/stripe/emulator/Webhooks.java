package org.crowdfund.stripe.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers events to the webhook URL as Stripe does: a POST of the event JSON with a
 * {@code Stripe-Signature} header, asynchronously, retried with exponential back-off while the
 * receiver answers non-2xx or cannot be reached. One sender delivers in event order unless the
 * {@link Faults} switches ask for duplicates or out-of-order batches.
 */
public final class Webhooks implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());
  private static final Duration OUT_OF_ORDER_HOLD = Duration.ofSeconds(1);

  private record Attempt(String eventId, String type, String payload, int number) {}

  private final String secret;
  private final Faults faults;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int maxAttempts;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final LinkedBlockingQueue<Attempt> queue = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      runnable -> daemon(runnable, "stripe-emulator-webhook-retry"));
  private final List<Attempt> heldBack = new ArrayList<>();
  private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final Thread sender;
  private volatile String url;
  private ScheduledFuture<?> heldBackFlush;

  Webhooks(String url, String secret, Faults faults, Duration initialBackoff, Duration maxBackoff,
      int maxAttempts) {
    this.url = url;
    this.secret = secret;
    this.faults = faults;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxAttempts = maxAttempts;
    this.sender = daemon(this::sendLoop, "stripe-emulator-webhook-sender");
    sender.start();
  }

  /** Where events go; null when no delivery is configured. */
  public String url() {
    return url;
  }

  /** Points delivery somewhere else, e.g. at a receiver started after the emulator. */
  public Webhooks url(String newUrl) {
    this.url = newUrl;
    return this;
  }

  /** The endpoint secret ({@code whsec_...}) that signs every delivery. */
  public String secret() {
    return secret;
  }

  /** Every delivery attempt so far, in the order they were made. */
  public List<WebhookDelivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Deliveries not finished yet: queued, held back, or waiting for a retry. */
  public int pending() {
    return pending.get();
  }

  void publish(String eventId, String type, String payload) {
    if (url == null) {
      return;
    }
    int copies = faults.webhookDuplicates() ? 2 : 1;
    for (int copy = 0; copy < copies; copy++) {
      pending.incrementAndGet();
      Attempt attempt = new Attempt(eventId, type, payload, 1);
      if (faults.webhookOutOfOrderBatch() > 1) {
        holdBack(attempt);
      } else {
        queue.add(attempt);
      }
    }
  }

  void clearLog() {
    deliveries.clear();
  }

  private void holdBack(Attempt attempt) {
    synchronized (heldBack) {
      heldBack.add(attempt);
      if (heldBack.size() >= faults.webhookOutOfOrderBatch()) {
        flushHeldBack();
      } else if (heldBackFlush == null) {
        heldBackFlush = scheduler.schedule(() -> {
          synchronized (heldBack) {
            flushHeldBack();
          }
        }, OUT_OF_ORDER_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void flushHeldBack() {
    List<Attempt> batch = new ArrayList<>(heldBack);
    heldBack.clear();
    if (heldBackFlush != null) {
      heldBackFlush.cancel(false);
      heldBackFlush = null;
    }
    Collections.reverse(batch);
    queue.addAll(batch);
  }

  private void sendLoop() {
    while (!Thread.currentThread().isInterrupted()) {
      Attempt attempt;
      try {
        attempt = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      deliver(attempt);
    }
  }

  private void deliver(Attempt attempt) {
    String target = url;
    if (target == null) {
      pending.decrementAndGet();
      return;
    }
    int status = send(target, attempt);
    deliveries.add(new WebhookDelivery(attempt.eventId(), attempt.type(), attempt.number(), status, Instant.now()));
    if ((status >= 200 && status < 300) || attempt.number() >= maxAttempts) {
      if (status < 200 || status >= 300) {
        LOG.log(System.Logger.Level.WARNING, "gave up delivering {0} after {1} attempts", attempt.eventId(),
            attempt.number());
      }
      pending.decrementAndGet();
      return;
    }
    Attempt retry = new Attempt(attempt.eventId(), attempt.type(), attempt.payload(), attempt.number() + 1);
    long delay = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(20, attempt.number() - 1));
    scheduler.schedule(() -> queue.add(retry), delay, TimeUnit.MILLISECONDS);
  }

  /** Signs with wall-clock time (not emulator time) so receivers check it with their usual tolerance. */
  private int send(String target, Attempt attempt) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(target))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
        .header("Stripe-Signature", WebhookSignature.header(attempt.payload(), secret, Instant.now().getEpochSecond()))
        .POST(HttpRequest.BodyPublishers.ofString(attempt.payload(), StandardCharsets.UTF_8))
        .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  @Override
  public void close() {
    sender.interrupt();
    scheduler.shutdownNow();
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
