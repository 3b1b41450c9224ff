package org.crowdfund.stripe.emulator.domain;

import java.util.Set;
import org.crowdfund.stripe.emulator.TestCard;

/**
 * SetupIntents save a card for later (off-session) use: confirming verifies the card, asks for 3D
 * Secure where the card wants it, and on success attaches the PaymentMethod to the customer.
 */
public final class SetupIntents {

  private static final Set<String> CREATE_PARAMS = Set.of("customer", "payment_method", "confirm", "usage",
      "payment_method_types", "metadata", "description", "return_url", "automatic_payment_methods",
      "payment_method_options", "use_stripe_sdk", "mandate_data");
  private static final Set<String> CONFIRM_PARAMS = Set.of("payment_method", "return_url",
      "payment_method_options", "use_stripe_sdk", "mandate_data");

  private final StripeAccount account;

  SetupIntents(StripeAccount account) {
    this.account = account;
  }

  public SetupIntent create(Params params) {
    params.allowOnly(CREATE_PARAMS);
    PaymentIntents.requireCardOnly(params);
    SetupIntent intent = new SetupIntent();
    intent.id = Ids.next("seti");
    intent.clientSecret = Ids.clientSecret(intent.id);
    intent.created = account.now();
    intent.usage = params.oneOf("usage", "off_session", Set.of("on_session", "off_session"));
    intent.customer = params.string("customer")
        .map(id -> account.customers.get(id, "customer", false).id).orElse(null);
    intent.description = params.string("description").orElse(null);
    intent.automaticPaymentMethods = !params.has("payment_method_types");
    StripeAccount.applyMetadata(intent.metadata, params.metadata());
    boolean confirm = params.bool("confirm", false);
    params.string("payment_method").ifPresent(id -> intent.paymentMethod = usablePaymentMethod(intent, id).id);
    if (confirm && intent.paymentMethod == null) {
      throw StripeApiException.missingParam("payment_method");
    }
    intent.status = intent.paymentMethod == null
        ? SetupIntentStatus.REQUIRES_PAYMENT_METHOD : SetupIntentStatus.REQUIRES_CONFIRMATION;
    account.data().setupIntents.put(intent.id, intent);
    account.emit("setup_intent.created", intent);
    if (confirm) {
      intent.returnUrl = params.string("return_url").orElse(null);
      attempt(intent);
    }
    return intent;
  }

  public SetupIntent retrieve(String id) {
    return get(id);
  }

  public SetupIntent update(String id, Params params) {
    params.allowOnly(Set.of("metadata", "description", "payment_method", "customer"));
    SetupIntent intent = get(id);
    params.string("description").ifPresent(description -> intent.description = description);
    StripeAccount.applyMetadata(intent.metadata, params.metadata());
    params.string("customer").ifPresent(customer -> intent.customer = account.customers.get(customer,
        "customer", false).id);
    params.string("payment_method").ifPresent(method -> {
      intent.paymentMethod = usablePaymentMethod(intent, method).id;
      if (intent.status == SetupIntentStatus.REQUIRES_PAYMENT_METHOD) {
        intent.status = SetupIntentStatus.REQUIRES_CONFIRMATION;
      }
    });
    return intent;
  }

  public SetupIntent confirm(String id, Params params) {
    params.allowOnly(CONFIRM_PARAMS);
    SetupIntent intent = get(id);
    if (!SetupIntentStatus.CONFIRMABLE.contains(intent.status)) {
      throw StripeApiException.unexpectedState("setup_intent", "You cannot confirm this SetupIntent because it has "
          + "a status of " + intent.status.wire() + ". Only a SetupIntent with one of the following statuses may "
          + "be confirmed: " + SetupIntentStatus.list(SetupIntentStatus.CONFIRMABLE) + ".")
          .with("setup_intent", intent.toJson(account.data()));
    }
    params.string("payment_method").ifPresent(method -> intent.paymentMethod = usablePaymentMethod(intent,
        method).id);
    if (intent.paymentMethod == null) {
      throw StripeApiException.missingParam("payment_method");
    }
    params.string("return_url").ifPresent(url -> intent.returnUrl = url);
    attempt(intent);
    return intent;
  }

  public SetupIntent cancel(String id, Params params) {
    params.allowOnly(Set.of("cancellation_reason"));
    SetupIntent intent = get(id);
    if (!SetupIntentStatus.CANCELABLE.contains(intent.status)) {
      throw StripeApiException.unexpectedState("setup_intent", "You cannot cancel this SetupIntent because it has "
          + "a status of " + intent.status.wire() + ". Only a SetupIntent with one of the following statuses may "
          + "be canceled: " + SetupIntentStatus.list(SetupIntentStatus.CANCELABLE) + ".");
    }
    intent.cancellationReason = params.oneOf("cancellation_reason", null,
        Set.of("abandoned", "requested_by_customer", "duplicate"));
    intent.status = SetupIntentStatus.CANCELED;
    account.emit("setup_intent.canceled", intent);
    return intent;
  }

  /** Ends the 3D Secure step of an intent in requires_action, as the customer would on the bank's page. */
  public SetupIntent completeAuthentication(String id, boolean authenticated) {
    SetupIntent intent = get(id);
    if (intent.status != SetupIntentStatus.REQUIRES_ACTION) {
      throw StripeApiException.unexpectedState("setup_intent",
          "This SetupIntent is not waiting for authentication (status " + intent.status.wire() + ").");
    }
    if (authenticated) {
      succeed(intent, account.paymentMethods.get(intent.paymentMethod, "payment_method"));
    } else {
      fail(intent, PaymentError.card("setup_intent_authentication_failure", null,
          "The latest attempt to set up the payment method has failed because authentication failed.", null,
          intent.paymentMethod));
    }
    return intent;
  }

  private void attempt(SetupIntent intent) {
    PaymentMethod method = account.paymentMethods.get(intent.paymentMethod, "payment_method");
    TestCard.Decline refusal = method.card.setupDecline().orElse(null);
    if (refusal != null) {
      fail(intent, PaymentError.card(refusal, null, method.id));
      throw intent.lastSetupError.toException(account.data()).with("setup_intent", intent.toJson(account.data()));
    }
    if (method.card.authentication() != TestCard.Authentication.NONE) {
      intent.status = SetupIntentStatus.REQUIRES_ACTION;
      intent.authenticationUrl = account.baseUrl() + "/_emulator/authenticate/" + intent.id;
      account.emit("setup_intent.requires_action", intent);
      return;
    }
    succeed(intent, method);
  }

  private void succeed(SetupIntent intent, PaymentMethod method) {
    if (intent.customer != null && method.customer == null) {
      method.customer = intent.customer;
      account.emit("payment_method.attached", method);
    }
    if ("off_session".equals(intent.usage)) {
      method.setUpForOffSession = true;
    }
    intent.status = SetupIntentStatus.SUCCEEDED;
    intent.lastSetupError = null;
    account.emit("setup_intent.succeeded", intent);
  }

  private void fail(SetupIntent intent, PaymentError error) {
    intent.lastSetupError = error;
    intent.paymentMethod = null;
    intent.status = SetupIntentStatus.REQUIRES_PAYMENT_METHOD;
    account.emit("setup_intent.setup_failed", intent);
  }

  private PaymentMethod usablePaymentMethod(SetupIntent intent, String id) {
    PaymentMethod method = account.paymentMethods.resolve(id, "payment_method");
    PaymentMethods.requireReusable(method, "payment_method");
    PaymentIntents.requireSameCustomer(method, intent.customer);
    return method;
  }

  private SetupIntent get(String id) {
    SetupIntent intent = account.data().setupIntents.get(id);
    if (intent == null) {
      throw StripeApiException.noSuch("setup_intent", id, "intent", true);
    }
    return intent;
  }
}
