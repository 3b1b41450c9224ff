package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.crowdfund.stripe.emulator.MoneyMovement;

/**
 * The emulated Stripe account: its state, the operations on it (one class per resource) and the
 * single lock every request runs under, so each request sees and leaves a consistent account.
 */
public final class StripeAccount {

  private final Clock clock;
  private final String apiVersion;
  private final Consumer<StripeEvent> eventListener;
  private final Supplier<Boolean> webhookConfigured;
  private EmulatorState state = new EmulatorState();
  private String baseUrl = "http://127.0.0.1";
  private String requestId;
  private String idempotencyKey;
  private long modifications;

  public final Customers customers = new Customers(this);
  public final PaymentMethods paymentMethods = new PaymentMethods(this);
  public final SetupIntents setupIntents = new SetupIntents(this);
  public final PaymentIntents paymentIntents = new PaymentIntents(this);
  public final Refunds refunds = new Refunds(this);
  public final TestClocks testClocks = new TestClocks(this);
  public final Events events = new Events(this);

  public StripeAccount(Clock clock, String apiVersion, Consumer<StripeEvent> eventListener,
      Supplier<Boolean> webhookConfigured) {
    this.clock = clock;
    this.apiVersion = apiVersion;
    this.eventListener = eventListener;
    this.webhookConfigured = webhookConfigured;
  }

  /**
   * Runs one API operation under the account lock. Holds whose time ran out expire first, so no
   * request ever sees an authorization older than seven days.
   */
  public synchronized ObjectNode execute(String requestId, String idempotencyKey, Supplier<ObjectNode> operation) {
    this.requestId = requestId;
    this.idempotencyKey = idempotencyKey;
    try {
      paymentIntents.expireHolds();
      return operation.get();
    } finally {
      modifications++;
      this.requestId = null;
      this.idempotencyKey = null;
    }
  }

  public synchronized <T> T read(Supplier<T> query) {
    return query.get();
  }

  /** Called when the clock moved: holds whose capture_before passed are released. */
  public synchronized void onClockAdvanced() {
    modifications++;
    paymentIntents.expireHolds();
  }

  /** Releases holds whose time ran out while nobody called; a no-op (and no modification) otherwise. */
  public synchronized void expireDueHolds() {
    if (paymentIntents.expireHolds()) {
      modifications++;
    }
  }

  /** Grows with every request and clock move; the snapshot writer saves when it changed. */
  public synchronized long modifications() {
    return modifications;
  }

  public synchronized EmulatorState state() {
    return state;
  }

  public synchronized void replaceState(EmulatorState restored) {
    this.state = restored;
  }

  public synchronized void reset() {
    this.state = new EmulatorState();
  }

  public synchronized void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Renders an object with the requested expansions, e.g. {@code latest_charge} or {@code latest_charge.customer}. */
  public ObjectNode render(StripeObject object, List<String> expand) {
    ObjectNode json = object.toJson(state);
    for (String path : expand) {
      expand(json, Arrays.asList(path.split("\\.")), path);
    }
    return json;
  }

  public ObjectNode list(String url, List<? extends StripeObject> newestFirst, Params params) {
    long limit = params.integer("limit").orElse(10L);
    if (limit < 1 || limit > 100) {
      throw StripeApiException.invalidRequest("parameter_invalid_integer", "limit",
          "This value must be between 1 and 100 (limit).");
    }
    List<? extends StripeObject> page = newestFirst;
    String startingAfter = params.string("starting_after").orElse(null);
    if (startingAfter != null) {
      int index = indexOf(page, startingAfter);
      page = page.subList(index + 1, page.size());
    }
    String endingBefore = params.string("ending_before").orElse(null);
    if (endingBefore != null) {
      int index = indexOf(page, endingBefore);
      page = page.subList(Math.max(0, index - (int) limit), index);
    }
    ObjectNode json = Json.object();
    json.put("object", "list");
    ArrayNode data = json.putArray("data");
    page.stream().limit(limit).forEach(item -> data.add(render(item, List.of())));
    json.put("has_more", page.size() > limit);
    json.put("url", url);
    return json;
  }

  private static int indexOf(List<? extends StripeObject> objects, String id) {
    for (int i = 0; i < objects.size(); i++) {
      if (objects.get(i).id().equals(id)) {
        return i;
      }
    }
    throw StripeApiException.invalidRequest("resource_missing", "starting_after", "No such object: '" + id + "'");
  }

  private void expand(ObjectNode json, List<String> path, String fullPath) {
    String field = path.get(0);
    List<String> rest = path.subList(1, path.size());
    if ("data".equals(field) && json.get("data") instanceof ArrayNode items) {
      for (JsonNode item : items) {
        if (!rest.isEmpty() && item instanceof ObjectNode itemObject) {
          expand(itemObject, rest, fullPath);
        }
      }
      return;
    }
    JsonNode value = json.get(field);
    if (value == null) {
      throw StripeApiException.invalidRequest("parameter_invalid_string", "expand",
          "This property cannot be expanded (" + fullPath + ").");
    }
    if (value.isNull()) {
      return;
    }
    ObjectNode expanded;
    if (value.isTextual()) {
      StripeObject target = state.find(value.asText()).orElseThrow(() -> StripeApiException.invalidRequest(
          "parameter_invalid_string", "expand", "This property cannot be expanded (" + fullPath + ")."));
      expanded = target.toJson(state);
      json.set(field, expanded);
    } else if (value instanceof ObjectNode object) {
      expanded = object;
    } else {
      throw StripeApiException.invalidRequest("parameter_invalid_string", "expand",
          "This property cannot be expanded (" + fullPath + ").");
    }
    if (!rest.isEmpty()) {
      expand(expanded, rest, fullPath);
    }
  }

  // ----- helpers for the resource operations (called under the lock) -----

  EmulatorState data() {
    return state;
  }

  long now() {
    return clock.instant().getEpochSecond();
  }

  Instant instant() {
    return clock.instant();
  }

  String baseUrl() {
    return baseUrl;
  }

  void emit(String type, StripeObject object) {
    StripeEvent event = new StripeEvent();
    event.id = Ids.next("evt");
    event.created = now();
    event.type = type;
    event.apiVersion = apiVersion;
    event.object = object.toJson(state);
    event.requestId = requestId;
    event.idempotencyKey = idempotencyKey;
    event.webhookConfigured = webhookConfigured.get();
    state.events.put(event.id, event);
    eventListener.accept(event);
  }

  void move(MoneyMovement.Type type, PaymentIntent intent, Charge charge, String refund, long amount,
      String reason) {
    state.movements.add(new MoneyMovement(state.movements.size() + 1L, instant(), type, intent.id,
        charge.id, refund, amount, intent.currency, reason));
  }

  static void applyMetadata(Map<String, String> target, Map<String, String> update) {
    update.forEach((key, value) -> {
      if (value.isEmpty()) {
        target.remove(key);
      } else {
        target.put(key, value);
      }
    });
  }
}
