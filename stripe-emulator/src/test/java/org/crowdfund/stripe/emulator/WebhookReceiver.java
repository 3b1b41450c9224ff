package org.crowdfund.stripe.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook endpoint for tests: records each delivery and can answer 500 a number of times first. */
final class WebhookReceiver implements AutoCloseable {

  record Received(String payload, String signature) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/webhooks/stripe", exchange -> {
      String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
      if (status == 200) {
        received.add(new Received(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature")));
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
  }

  void failNext(int count) {
    failuresLeft.set(count);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
