package org.crowdfund.stripe.emulator.http;

import java.nio.charset.StandardCharsets;

import java.net.URLEncoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crowdfund.stripe.emulator.MoneyMovement;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.stripe.emulator.TestCard;
import org.crowdfund.stripe.emulator.WebhookDelivery;
import org.crowdfund.stripe.emulator.domain.Json;
import org.crowdfund.stripe.emulator.domain.StripeApiException;

/**
 * The emulator's own endpoints under {@code /_emulator/} (no API key): health, clock, ledger,
 * faults, webhook log, reset, and the 3D Secure page that next_action.redirect_to_url points to.
 */
public final class ControlHandler implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(ControlHandler.class.getName());
  private static final String JSON = "application/json";
  private static final Pattern AUTHENTICATE = Pattern.compile("/_emulator/authenticate/([^/]+)");
  private static final Pattern BEHAVE_AS = Pattern.compile("/_emulator/payment_methods/([^/]+)/behave_as");

  private final StripeEmulator emulator;

  public ControlHandler(StripeEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Map<String, Object> query = FormDecoder.decode(exchange.getRequestURI().getRawQuery());
      String body = Exchanges.body(exchange);
      JsonNode json = body.isBlank() ? Json.object() : Json.MAPPER.readTree(body);
      Matcher authenticate = AUTHENTICATE.matcher(path);
      Matcher behaveAs = BEHAVE_AS.matcher(path);
      ObjectNode answer;
      if (authenticate.matches()) {
        boolean succeed = !"fail".equals(text(query, json, "outcome"));
        String returnUrl = returnUrl(emulator.object(authenticate.group(1)));
        answer = emulator.completeAuthentication(authenticate.group(1), succeed);
        if (returnUrl != null && "GET".equals(method)) {
          redirectBack(exchange, returnUrl, answer, succeed);
          return;
        }
      } else if (behaveAs.matches() && "POST".equals(method)) {
        String token = text(query, json, "test_card");
        TestCard card = TestCard.byToken(token == null ? "" : token).orElseThrow(() ->
            new IllegalArgumentException("test_card must be one of the test tokens, e.g. pm_card_chargeDeclined"));
        answer = emulator.behaveAs(behaveAs.group(1), card);
      } else {
        answer = switch (method + " " + path) {
          case "GET /_emulator/health" -> health();
          case "GET /_emulator/clock" -> clock();
          case "POST /_emulator/clock/advance" -> {
            String seconds = text(query, json, "seconds");
            if (seconds == null) {
              throw new IllegalArgumentException("give the seconds to advance: ?seconds=N");
            }
            emulator.clock().advance(Duration.ofSeconds(Long.parseLong(seconds)));
            yield clock();
          }
          case "GET /_emulator/ledger" -> ledger(text(query, json, "payment_intent"));
          case "GET /_emulator/faults" -> emulator.faults().toJson();
          case "POST /_emulator/faults" -> emulator.faults().apply(json).toJson();
          case "DELETE /_emulator/faults" -> emulator.faults().clear().toJson();
          case "GET /_emulator/webhooks" -> webhooks();
          case "POST /_emulator/webhooks" -> {
            if (json.has("url")) {
              emulator.webhooks().url(json.get("url").isNull() ? null : json.get("url").asText());
            }
            yield webhooks();
          }
          case "POST /_emulator/reset" -> {
            emulator.reset();
            yield health();
          }
          default -> null;
        };
      }
      if (answer == null) {
        Exchanges.send(exchange, 404, JSON, error("No such emulator endpoint: " + method + " " + path
            + " (see docs/stripe-emulator.md)"));
        return;
      }
      Exchanges.send(exchange, 200, JSON, Json.bytes(answer));
    } catch (StripeApiException e) {
      Exchanges.send(exchange, e.status(), JSON, Json.bytes(e.toJson()));
    } catch (IllegalArgumentException | IOException e) {
      Exchanges.send(exchange, 400, JSON, error(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "control request failed: " + exchange.getRequestURI(), e);
      Exchanges.send(exchange, 500, JSON, error(e.toString()));
    } finally {
      exchange.close();
    }
  }

  private ObjectNode health() {
    ObjectNode json = Json.object();
    json.put("status", "ok");
    json.put("base_url", emulator.baseUrl());
    json.put("api_version", StripeEmulator.API_VERSION);
    return json;
  }

  private ObjectNode clock() {
    ObjectNode json = Json.object();
    json.put("now", emulator.clock().epochSecond());
    json.put("iso", emulator.clock().instant().toString());
    json.put("offset_seconds", emulator.clock().offset().toSeconds());
    return json;
  }

  private ObjectNode ledger(String paymentIntent) {
    ObjectNode json = Json.object();
    json.put("object", "list");
    ArrayNode data = json.putArray("data");
    for (MoneyMovement movement : paymentIntent == null ? emulator.ledger().movements()
        : emulator.ledger().movementsOf(paymentIntent)) {
      ObjectNode item = data.addObject();
      item.put("sequence", movement.sequence());
      item.put("at", movement.at().getEpochSecond());
      item.put("type", movement.type().name());
      item.put("payment_intent", movement.paymentIntent());
      item.put("charge", movement.charge());
      item.put("refund", movement.refund());
      item.put("amount", movement.amount());
      item.put("currency", movement.currency());
      item.put("reason", movement.reason());
    }
    return json;
  }

  private ObjectNode webhooks() {
    ObjectNode json = Json.object();
    json.put("url", emulator.webhooks().url());
    json.put("pending", emulator.webhooks().pending());
    ArrayNode deliveries = json.putArray("deliveries");
    for (WebhookDelivery delivery : emulator.webhooks().deliveries()) {
      ObjectNode item = deliveries.addObject();
      item.put("event", delivery.eventId());
      item.put("type", delivery.type());
      item.put("attempt", delivery.attempt());
      item.put("status", delivery.status());
      item.put("at", delivery.at().toString());
    }
    return json;
  }

  private static String text(Map<String, Object> query, JsonNode json, String name) {
    Object fromQuery = query.get(name);
    if (fromQuery instanceof String value && !value.isEmpty()) {
      return value;
    }
    JsonNode fromBody = json.get(name);
    return fromBody == null || fromBody.isNull() ? null : fromBody.asText();
  }

  /** Where the bank's page sends the browser back, as Stripe does after a redirect_to_url. */
  private static String returnUrl(ObjectNode intent) {
    JsonNode redirect = intent.path("next_action").path("redirect_to_url").path("return_url");
    return redirect.isTextual() ? redirect.asText() : null;
  }

  /**
   * Back to the return_url with Stripe's query parameters: the intent id, its client secret (the
   * page's Stripe.js reads the intent with it) and redirect_status succeeded or failed.
   */
  private static void redirectBack(HttpExchange exchange, String returnUrl, ObjectNode intent, boolean succeeded)
      throws IOException {
    String kind = intent.path("object").asText();
    String location = returnUrl + (returnUrl.contains("?") ? "&" : "?") + kind + "="
        + URLEncoder.encode(intent.path("id").asText(), StandardCharsets.UTF_8) + "&" + kind + "_client_secret="
        + URLEncoder.encode(intent.path("client_secret").asText(), StandardCharsets.UTF_8) + "&redirect_status="
        + (succeeded ? "succeeded" : "failed");
    exchange.getResponseHeaders().set("Location", location);
    Exchanges.send(exchange, 302, "text/plain", ("Redirecting to " + returnUrl).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] error(String message) {
    ObjectNode error = Json.object();
    error.putObject("error").put("message", message);
    return Json.bytes(error);
  }
}
