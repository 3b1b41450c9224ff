package org.crowdfund.stripe.emulator.domain;

import java.util.List;
import java.util.Set;
import org.crowdfund.stripe.emulator.TestCard;

/**
 * Card PaymentMethods. A test token such as {@code pm_card_visa} stands for a new card: using it
 * creates a fresh {@code pm_} object, as Stripe does, and that object is what gets attached.
 */
public final class PaymentMethods {

  private final StripeAccount account;

  PaymentMethods(StripeAccount account) {
    this.account = account;
  }

  public PaymentMethod retrieve(String id) {
    return TestCard.byToken(id).map(card -> template(id, card)).orElseGet(() -> get(id, "payment_method", true));
  }

  public PaymentMethod attach(String id, Params params) {
    params.allowOnly(Set.of("customer"));
    Customer customer = account.customers.get(params.requiredString("customer"), "customer", false);
    return attach(id, customer, "payment_method");
  }

  public PaymentMethod detach(String id) {
    PaymentMethod method = get(id, "payment_method", true);
    if (method.customer == null) {
      throw StripeApiException.invalidRequest("payment_method_unexpected_state", null,
          "The payment method you provided is not attached to a customer so detachment is impossible.");
    }
    method.customer = null;
    method.consumed = true;
    account.emit("payment_method.detached", method);
    return method;
  }

  public List<PaymentMethod> list(Params params) {
    params.allowOnly(Set.of("customer", "type", "limit", "starting_after", "ending_before"));
    String customer = params.requiredString("customer");
    return account.customers.paymentMethods(customer);
  }

  /**
   * Emulator extension: from now on the PaymentMethod behaves like another test card, e.g. a saved
   * card that starts to decline with insufficient_funds before the campaign ends.
   */
  public PaymentMethod behaveAs(String id, TestCard card) {
    PaymentMethod method = get(id, "payment_method", true);
    method.card = card;
    return method;
  }

  /** Attaching verifies the card: cards that decline do so here, with a 402 card_error. */
  PaymentMethod attach(String id, Customer customer, String param) {
    PaymentMethod method = resolve(id, param);
    requireReusable(method, param);
    if (method.customer != null) {
      if (method.customer.equals(customer.id)) {
        return method;
      }
      throw StripeApiException.invalidRequest("payment_method_unexpected_state", param,
          "The payment method you provided has already been attached to a customer.");
    }
    method.card.setupDecline().ifPresent(refusal -> {
      throw StripeApiException.cardError(refusal).with("payment_method", method.toJson(account.data()));
    });
    method.customer = customer.id;
    account.emit("payment_method.attached", method);
    return method;
  }

  /**
   * Stripe lets a PaymentMethod that was used without a customer, or detached from one, never be
   * used or attached again: it was a one-off card.
   */
  static void requireReusable(PaymentMethod method, String param) {
    if (method.consumed) {
      throw StripeApiException.invalidRequest("payment_method_unexpected_state", param, "The provided "
          + "PaymentMethod was previously used without being attached to a Customer or was detached from a "
          + "Customer, and may not be used again.");
    }
  }

  /** A payment with a card that belongs to no customer uses it up. */
  static void consumeIfOneOff(PaymentMethod method) {
    if (method.customer == null) {
      method.consumed = true;
    }
  }

  /** An existing PaymentMethod, or a new one for a test token. */
  PaymentMethod resolve(String idOrToken, String param) {
    return TestCard.byToken(idOrToken).map(this::create).orElseGet(() -> get(idOrToken, param, false));
  }

  PaymentMethod get(String id, String param) {
    return get(id, param, false);
  }

  private PaymentMethod get(String id, String param, boolean inUrl) {
    PaymentMethod method = account.data().paymentMethods.get(id);
    if (method == null) {
      throw StripeApiException.noSuch("PaymentMethod", id, param, inUrl);
    }
    return method;
  }

  private PaymentMethod create(TestCard card) {
    PaymentMethod method = template(Ids.next("pm"), card);
    account.data().paymentMethods.put(method.id, method);
    return method;
  }

  private PaymentMethod template(String id, TestCard card) {
    PaymentMethod method = new PaymentMethod();
    method.id = id;
    method.created = account.now();
    method.card = card;
    return method;
  }
}
