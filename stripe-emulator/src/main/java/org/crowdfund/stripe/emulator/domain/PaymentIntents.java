package org.crowdfund.stripe.emulator.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crowdfund.stripe.emulator.MoneyMovement;
import org.crowdfund.stripe.emulator.TestCard;

/**
 * PaymentIntents: one-off charges (automatic capture) and authorization holds (manual capture),
 * with Stripe's statuses, errors, events and the ledger movements each step makes.
 */
public final class PaymentIntents {

  /** A customer-initiated (on-session) card authorization lasts seven days, on every network. */
  public static final long ON_SESSION_HOLD_SECONDS = 7L * 24 * 3600;
  /**
   * A merchant-initiated (off-session) Visa authorization lasts five days, which Stripe applies as
   * four days and eighteen hours to leave time for clearing; other networks keep seven days.
   */
  public static final long OFF_SESSION_VISA_HOLD_SECONDS = (4L * 24 + 18) * 3600;

  private static final Set<String> CREATE_PARAMS = Set.of("amount", "currency", "customer", "payment_method",
      "payment_method_types", "capture_method", "confirm", "off_session", "metadata", "description",
      "receipt_email", "statement_descriptor", "statement_descriptor_suffix", "setup_future_usage", "return_url",
      "confirmation_method", "automatic_payment_methods", "payment_method_options", "error_on_requires_action",
      "use_stripe_sdk", "mandate_data");
  private static final Set<String> UPDATE_PARAMS = Set.of("amount", "currency", "customer", "payment_method",
      "metadata", "description", "receipt_email", "setup_future_usage", "capture_method", "statement_descriptor",
      "statement_descriptor_suffix", "payment_method_types", "payment_method_options");
  private static final Set<String> CONFIRM_PARAMS = Set.of("payment_method", "off_session", "return_url",
      "capture_method", "receipt_email", "setup_future_usage", "payment_method_options", "error_on_requires_action",
      "use_stripe_sdk", "mandate_data");
  private static final Set<String> CAPTURE_PARAMS = Set.of("amount_to_capture", "metadata", "statement_descriptor",
      "statement_descriptor_suffix", "final_capture");
  private static final Set<String> CAPTURE_METHODS = Set.of("automatic", "automatic_async", "manual");
  private static final Pattern SEARCH_CLAUSE =
      Pattern.compile("\\s*(metadata\\['([^']+)'\\]|[a-z_]+)\\s*:\\s*(?:'([^']*)'|\"([^\"]*)\"|([^\\s]+))\\s*");

  private final StripeAccount account;

  PaymentIntents(StripeAccount account) {
    this.account = account;
  }

  public PaymentIntent create(Params params) {
    params.allowOnly(CREATE_PARAMS);
    requireCardOnly(params);
    String currency = Money.currency(params);
    long amount = Money.paymentAmount(params, currency);
    String customer = params.string("customer").map(id -> account.customers.get(id, "customer", false).id)
        .orElse(null);
    boolean confirm = params.bool("confirm", false);
    boolean offSession = offSession(params);
    if (offSession && !confirm) {
      throw StripeApiException.invalidRequest("parameter_invalid_string", "off_session",
          "You may only specify `off_session` when `confirm` is set to true.");
    }
    PaymentIntent intent = new PaymentIntent();
    intent.id = Ids.next("pi");
    intent.clientSecret = Ids.clientSecret(intent.id);
    intent.created = account.now();
    intent.amount = amount;
    intent.currency = currency;
    intent.customer = customer;
    intent.captureMethod = params.oneOf("capture_method", "automatic_async", CAPTURE_METHODS);
    intent.setupFutureUsage = params.oneOf("setup_future_usage", null, Set.of("on_session", "off_session"));
    intent.description = params.string("description").orElse(null);
    intent.receiptEmail = params.string("receipt_email").orElse(null);
    intent.statementDescriptor = params.string("statement_descriptor").orElse(null);
    intent.statementDescriptorSuffix = params.string("statement_descriptor_suffix").orElse(null);
    intent.returnUrl = params.string("return_url").orElse(null);
    intent.automaticPaymentMethods = !params.has("payment_method_types");
    StripeAccount.applyMetadata(intent.metadata, params.metadata());
    params.string("payment_method").ifPresent(id -> intent.paymentMethod = usablePaymentMethod(id, customer).id);
    if (confirm && intent.paymentMethod == null) {
      throw StripeApiException.missingParam("payment_method");
    }
    intent.status = intent.paymentMethod == null
        ? PaymentIntentStatus.REQUIRES_PAYMENT_METHOD : PaymentIntentStatus.REQUIRES_CONFIRMATION;
    account.data().paymentIntents.put(intent.id, intent);
    account.emit("payment_intent.created", intent);
    if (confirm) {
      attempt(intent, offSession, params.bool("error_on_requires_action", false));
    }
    return intent;
  }

  public PaymentIntent retrieve(String id) {
    return get(id);
  }

  public PaymentIntent update(String id, Params params) {
    params.allowOnly(UPDATE_PARAMS);
    PaymentIntent intent = get(id);
    boolean beforeConfirmation = intent.status == PaymentIntentStatus.REQUIRES_PAYMENT_METHOD
        || intent.status == PaymentIntentStatus.REQUIRES_CONFIRMATION;
    for (String field : List.of("amount", "currency", "customer", "payment_method", "capture_method")) {
      if (params.has(field) && !beforeConfirmation) {
        throw StripeApiException.unexpectedState("payment_intent", "You cannot update " + field + " of this "
            + "PaymentIntent because it has a status of " + intent.status.wire() + ".");
      }
    }
    if (params.has("currency")) {
      intent.currency = Money.currency(params);
    }
    if (params.has("amount")) {
      intent.amount = Money.paymentAmount(params, intent.currency);
    }
    params.string("customer").ifPresent(customer -> intent.customer = account.customers.get(customer, "customer",
        false).id);
    params.string("payment_method").ifPresent(method -> {
      intent.paymentMethod = usablePaymentMethod(method, intent.customer).id;
      intent.status = PaymentIntentStatus.REQUIRES_CONFIRMATION;
    });
    if (params.has("capture_method")) {
      intent.captureMethod = params.oneOf("capture_method", intent.captureMethod, CAPTURE_METHODS);
    }
    params.string("description").ifPresent(description -> intent.description = description);
    params.string("receipt_email").ifPresent(email -> intent.receiptEmail = email);
    params.string("statement_descriptor").ifPresent(descriptor -> intent.statementDescriptor = descriptor);
    params.string("statement_descriptor_suffix").ifPresent(suffix -> intent.statementDescriptorSuffix = suffix);
    if (params.has("setup_future_usage")) {
      intent.setupFutureUsage = params.oneOf("setup_future_usage", null, Set.of("on_session", "off_session"));
    }
    StripeAccount.applyMetadata(intent.metadata, params.metadata());
    return intent;
  }

  public PaymentIntent confirm(String id, Params params) {
    params.allowOnly(CONFIRM_PARAMS);
    PaymentIntent intent = get(id);
    if (!PaymentIntentStatus.CONFIRMABLE.contains(intent.status)) {
      throw unexpectedState(intent, "confirmed", PaymentIntentStatus.CONFIRMABLE);
    }
    params.string("payment_method").ifPresent(method -> intent.paymentMethod = usablePaymentMethod(method,
        intent.customer).id);
    if (intent.paymentMethod == null) {
      throw StripeApiException.missingParam("payment_method");
    }
    if (params.has("capture_method")) {
      intent.captureMethod = params.oneOf("capture_method", intent.captureMethod, CAPTURE_METHODS);
    }
    if (params.has("setup_future_usage")) {
      intent.setupFutureUsage = params.oneOf("setup_future_usage", null, Set.of("on_session", "off_session"));
    }
    params.string("return_url").ifPresent(url -> intent.returnUrl = url);
    params.string("receipt_email").ifPresent(email -> intent.receiptEmail = email);
    attempt(intent, offSession(params), params.bool("error_on_requires_action", false));
    return intent;
  }

  public PaymentIntent capture(String id, Params params) {
    params.allowOnly(CAPTURE_PARAMS);
    PaymentIntent intent = get(id);
    if (!PaymentIntentStatus.CAPTURABLE.contains(intent.status)) {
      throw unexpectedState(intent, "captured", PaymentIntentStatus.CAPTURABLE);
    }
    long toCapture = params.integer("amount_to_capture").orElse(intent.amountCapturable);
    Money.positive(toCapture, "amount_to_capture");
    if (toCapture > intent.amountCapturable) {
      throw StripeApiException.invalidRequest("amount_too_large", "amount_to_capture",
          "The amount to capture (" + toCapture + ") must be less than or equal to the amount capturable ("
              + intent.amountCapturable + ").").with("payment_intent", intent.toJson(account.data()));
    }
    StripeAccount.applyMetadata(intent.metadata, params.metadata());
    Charge charge = account.data().charges.get(intent.latestCharge);
    PaymentMethod method = account.data().paymentMethods.get(charge.paymentMethod);
    String captureDecline = method.card.captureDeclineCode().orElse(null);
    long held = intent.amountCapturable;
    closeHold(intent);
    if (captureDecline != null) {
      account.move(MoneyMovement.Type.RELEASED, intent, charge, null, held, "capture_declined");
      charge.status = "failed";
      charge.failureCode = "card_declined";
      charge.declineCode = captureDecline;
      charge.failureMessage = TestCard.Decline.CARD_DECLINED_GENERIC.message();
      charge.refunded = true;
      charge.amountRefunded = charge.amount;
      intent.lastPaymentError = PaymentError.card("card_declined", captureDecline, charge.failureMessage, charge.id,
          method.id);
      intent.paymentMethod = null;
      intent.status = PaymentIntentStatus.REQUIRES_PAYMENT_METHOD;
      account.emit("charge.failed", charge);
      account.emit("payment_intent.payment_failed", intent);
      throw intent.lastPaymentError.toException(account.data()).with("payment_intent", intent.toJson(account.data()));
    }
    account.move(MoneyMovement.Type.CAPTURED, intent, charge, null, toCapture, null);
    if (toCapture < held) {
      account.move(MoneyMovement.Type.RELEASED, intent, charge, null, held - toCapture, "partial_capture");
    }
    charge.captured = true;
    charge.amountCaptured = toCapture;
    intent.amountReceived = toCapture;
    intent.status = PaymentIntentStatus.SUCCEEDED;
    account.emit("charge.captured", charge);
    account.emit("payment_intent.succeeded", intent);
    return intent;
  }

  public PaymentIntent cancel(String id, Params params) {
    params.allowOnly(Set.of("cancellation_reason"));
    PaymentIntent intent = get(id);
    if (!PaymentIntentStatus.CANCELABLE.contains(intent.status)) {
      throw unexpectedState(intent, "canceled", PaymentIntentStatus.CANCELABLE);
    }
    String reason = params.oneOf("cancellation_reason", null,
        Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned"));
    if (intent.status == PaymentIntentStatus.REQUIRES_CAPTURE) {
      releaseHold(intent, MoneyMovement.Type.VOIDED, reason == null ? "canceled" : reason);
    }
    intent.status = PaymentIntentStatus.CANCELED;
    intent.cancellationReason = reason;
    intent.canceledAt = account.now();
    account.emit("payment_intent.canceled", intent);
    return intent;
  }

  /** Ends the 3D Secure step of an intent in requires_action, as the customer would on the bank's page. */
  public PaymentIntent completeAuthentication(String id, boolean authenticated) {
    PaymentIntent intent = get(id);
    if (intent.status != PaymentIntentStatus.REQUIRES_ACTION) {
      throw StripeApiException.unexpectedState("payment_intent",
          "This PaymentIntent is not waiting for authentication (status " + intent.status.wire() + ").");
    }
    PaymentMethod method = account.paymentMethods.get(intent.paymentMethod, "payment_method");
    if (authenticated) {
      authorize(intent, method);
    } else {
      intent.lastPaymentError = PaymentError.card("payment_intent_authentication_failure", null,
          "We are unable to authenticate your payment method. Please choose a different payment method and try "
              + "again.", null, method.id);
      intent.paymentMethod = null;
      intent.status = PaymentIntentStatus.REQUIRES_PAYMENT_METHOD;
      account.emit("payment_intent.payment_failed", intent);
    }
    return intent;
  }

  public List<PaymentIntent> list(Params params) {
    params.allowOnly(Set.of("customer", "limit", "starting_after", "ending_before", "created"));
    String customer = params.string("customer").orElse(null);
    return newestFirst(intent -> customer == null || customer.equals(intent.customer));
  }

  /**
   * A subset of Stripe's search query language: clauses joined by AND, each {@code field:'value'}
   * for customer, status, currency, amount, or {@code metadata['key']:'value'}. Unlike Stripe's
   * search, results are visible at once (Stripe's index can lag by up to a minute).
   */
  public List<PaymentIntent> search(Params params) {
    params.allowOnly(Set.of("query", "limit", "page"));
    String query = params.requiredString("query");
    Predicate<PaymentIntent> matches = intent -> true;
    for (String clause : query.split("(?i)\\s+AND\\s+")) {
      Matcher matcher = SEARCH_CLAUSE.matcher(clause);
      if (!matcher.matches()) {
        throw StripeApiException.invalidRequest("parameter_invalid_string", "query",
            "The stripe-emulator cannot parse the search clause '" + clause + "'; it supports field:'value' "
                + "clauses (customer, status, currency, amount, metadata['key']) joined by AND.");
      }
      String value = matcher.group(3) != null ? matcher.group(3)
          : matcher.group(4) != null ? matcher.group(4) : matcher.group(5);
      matches = matches.and(clauseMatcher(matcher.group(1), matcher.group(2), value));
    }
    return newestFirst(matches);
  }

  /**
   * Releases every hold whose capture window closed: canceled with cancellation_reason automatic.
   * Returns whether any expired.
   */
  boolean expireHolds() {
    long now = account.now();
    List<String> expired = account.data().openHolds.entrySet().stream()
        .filter(hold -> hold.getValue() <= now).map(Map.Entry::getKey).toList();
    for (String id : expired) {
      PaymentIntent intent = account.data().paymentIntents.get(id);
      Charge charge = account.data().charges.get(intent.latestCharge);
      releaseHold(intent, MoneyMovement.Type.RELEASED, "expired");
      intent.status = PaymentIntentStatus.CANCELED;
      intent.cancellationReason = "automatic";
      intent.canceledAt = charge.captureBefore;
      account.emit("charge.expired", charge);
      account.emit("payment_intent.canceled", intent);
    }
    return !expired.isEmpty();
  }

  static void requireCardOnly(Params params) {
    for (String type : params.list("payment_method_types")) {
      if (!"card".equals(type)) {
        throw StripeApiException.invalidRequest("payment_method_type_invalid", "payment_method_types",
            "The payment method type \"" + type + "\" is invalid here: the stripe-emulator supports only card.");
      }
    }
  }

  static void requireSameCustomer(PaymentMethod method, String customer) {
    if (method.customer != null && !method.customer.equals(customer)) {
      throw StripeApiException.invalidRequest("payment_method_unexpected_state", "payment_method",
          "The provided PaymentMethod is attached to customer " + method.customer + "; pass customer="
              + method.customer + " to use it.");
    }
  }

  private PaymentMethod usablePaymentMethod(String id, String customer) {
    PaymentMethod method = account.paymentMethods.resolve(id, "payment_method");
    PaymentMethods.requireReusable(method, "payment_method");
    requireSameCustomer(method, customer);
    return method;
  }

  private void attempt(PaymentIntent intent, boolean offSession, boolean errorOnRequiresAction) {
    PaymentMethod method = account.paymentMethods.get(intent.paymentMethod, "payment_method");
    boolean needsAuthentication = switch (method.card.authentication()) {
      case NONE -> false;
      case ALWAYS -> true;
      case UNLESS_SET_UP -> !method.setUpForOffSession;
    };
    intent.offSession = offSession;
    if (needsAuthentication) {
      if (offSession || errorOnRequiresAction) {
        decline(intent, method, TestCard.Decline.AUTHENTICATION_REQUIRED);
      }
      intent.status = PaymentIntentStatus.REQUIRES_ACTION;
      intent.authenticationUrl = account.baseUrl() + "/_emulator/authenticate/" + intent.id;
      account.emit("payment_intent.requires_action", intent);
      return;
    }
    authorize(intent, method);
  }

  private void authorize(PaymentIntent intent, PaymentMethod method) {
    method.card.paymentDecline().ifPresent(refusal -> decline(intent, method, refusal));
    Charge charge = newCharge(intent, method);
    charge.status = "succeeded";
    intent.latestCharge = charge.id;
    intent.lastPaymentError = null;
    if (intent.manualCapture()) {
      charge.captureBefore = charge.created + holdSeconds(intent, method);
      intent.amountCapturable = intent.amount;
      intent.status = PaymentIntentStatus.REQUIRES_CAPTURE;
      account.data().openHolds.put(intent.id, charge.captureBefore);
      account.move(MoneyMovement.Type.AUTHORIZED, intent, charge, null, intent.amount, null);
    } else {
      charge.captured = true;
      charge.amountCaptured = intent.amount;
      intent.amountReceived = intent.amount;
      intent.status = PaymentIntentStatus.SUCCEEDED;
      account.move(MoneyMovement.Type.CHARGED, intent, charge, null, intent.amount, null);
    }
    if ("off_session".equals(intent.setupFutureUsage) && intent.customer != null) {
      if (method.customer == null) {
        method.customer = intent.customer;
        account.emit("payment_method.attached", method);
      }
      method.setUpForOffSession = true;
    }
    PaymentMethods.consumeIfOneOff(method);
    account.emit("charge.succeeded", charge);
    account.emit(intent.manualCapture() ? "payment_intent.amount_capturable_updated" : "payment_intent.succeeded",
        intent);
  }

  /** The hold's lifetime: shorter for a merchant-initiated Visa authorization (Stripe's capture_before). */
  private static long holdSeconds(PaymentIntent intent, PaymentMethod method) {
    return intent.offSession && "visa".equals(method.card.brand()) ? OFF_SESSION_VISA_HOLD_SECONDS
        : ON_SESSION_HOLD_SECONDS;
  }

  private void decline(PaymentIntent intent, PaymentMethod method, TestCard.Decline refusal) {
    Charge charge = newCharge(intent, method);
    charge.status = "failed";
    charge.failureCode = refusal.code();
    charge.declineCode = refusal.declineCode();
    charge.failureMessage = refusal.message();
    intent.latestCharge = charge.id;
    PaymentMethods.consumeIfOneOff(method);
    intent.lastPaymentError = PaymentError.card(refusal, charge.id, method.id);
    intent.paymentMethod = null;
    intent.status = PaymentIntentStatus.REQUIRES_PAYMENT_METHOD;
    account.emit("charge.failed", charge);
    account.emit("payment_intent.payment_failed", intent);
    throw intent.lastPaymentError.toException(account.data()).with("payment_intent", intent.toJson(account.data()));
  }

  private Charge newCharge(PaymentIntent intent, PaymentMethod method) {
    Charge charge = new Charge();
    charge.id = Ids.next("ch");
    charge.created = account.now();
    charge.amount = intent.amount;
    charge.currency = intent.currency;
    charge.customer = intent.customer;
    charge.paymentIntent = intent.id;
    charge.paymentMethod = method.id;
    charge.description = intent.description;
    charge.metadata.putAll(intent.metadata);
    account.data().charges.put(charge.id, charge);
    return charge;
  }

  private void releaseHold(PaymentIntent intent, MoneyMovement.Type type, String reason) {
    Charge charge = account.data().charges.get(intent.latestCharge);
    account.move(type, intent, charge, null, intent.amountCapturable, reason);
    closeHold(intent);
    charge.refunded = true;
    charge.amountRefunded = charge.amount;
  }

  private void closeHold(PaymentIntent intent) {
    intent.amountCapturable = 0;
    account.data().openHolds.remove(intent.id);
  }

  private Predicate<PaymentIntent> clauseMatcher(String field, String metadataKey, String value) {
    if (metadataKey != null) {
      return intent -> value.equals(intent.metadata.get(metadataKey));
    }
    return switch (field) {
      case "customer" -> intent -> value.equals(intent.customer);
      case "status" -> intent -> value.equals(intent.status.wire());
      case "currency" -> intent -> value.equalsIgnoreCase(intent.currency);
      case "amount" -> intent -> value.equals(String.valueOf(intent.amount));
      default -> throw StripeApiException.invalidRequest("parameter_invalid_string", "query",
          "The stripe-emulator's search does not support the field '" + field + "'.");
    };
  }

  private List<PaymentIntent> newestFirst(Predicate<PaymentIntent> filter) {
    List<PaymentIntent> intents = new ArrayList<>(account.data().paymentIntents.values().stream()
        .filter(filter).toList());
    Collections.reverse(intents);
    return intents;
  }

  private static boolean offSession(Params params) {
    String value = params.string("off_session").orElse("false");
    return switch (value) {
      case "true", "one_off", "recurring" -> true;
      case "false" -> false;
      default -> throw StripeApiException.invalidRequest("parameter_invalid_boolean", "off_session",
          "Invalid off_session: must be true, false, one_off or recurring");
    };
  }

  private StripeApiException unexpectedState(PaymentIntent intent, String participle,
      Set<PaymentIntentStatus> allowed) {
    return StripeApiException.unexpectedState("payment_intent", "This PaymentIntent could not be " + participle
        + " because it has a status of " + intent.status.wire() + ". Only a PaymentIntent with one of the "
        + "following statuses may be " + participle + ": " + PaymentIntentStatus.list(allowed) + ".")
        .with("payment_intent", intent.toJson(account.data()));
  }

  PaymentIntent get(String id) {
    PaymentIntent intent = account.data().paymentIntents.get(id);
    if (intent == null) {
      throw StripeApiException.noSuch("payment_intent", id, "intent", true);
    }
    return intent;
  }
}
