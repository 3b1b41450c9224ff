package org.crowdfund.stripe.emulator.domain;

import java.util.Set;
import org.crowdfund.stripe.emulator.MoneyMovement;

/** Refunds of captured (or charged) money, in full or in parts, never more than was captured. */
public final class Refunds {

  private final StripeAccount account;

  Refunds(StripeAccount account) {
    this.account = account;
  }

  public Refund create(Params params) {
    params.allowOnly(Set.of("payment_intent", "charge", "amount", "reason", "metadata", "instructions_email"));
    Charge charge = chargeToRefund(params);
    PaymentIntent intent = account.data().paymentIntents.get(charge.paymentIntent);
    if (!charge.captured) {
      throw StripeApiException.invalidRequest("charge_not_refundable", "payment_intent",
          "PaymentIntent " + intent.id + " has not been captured (status " + intent.status.wire()
              + "); cancel it to release the authorization instead of refunding it.");
    }
    long refundable = charge.amountCaptured - charge.amountRefunded;
    if (refundable == 0) {
      throw StripeApiException.invalidRequest("charge_already_refunded", null,
          "Charge " + charge.id + " has already been refunded.");
    }
    long amount = params.integer("amount").orElse(refundable);
    Money.positive(amount, "amount");
    if (amount > refundable) {
      throw StripeApiException.invalidRequest("amount_too_large", "amount",
          "Refund amount (" + amount + " " + charge.currency + " minor units) is greater than unrefunded amount on "
              + "charge (" + refundable + ")");
    }
    Refund refund = new Refund();
    refund.id = Ids.next("re");
    refund.created = account.now();
    refund.amount = amount;
    refund.currency = charge.currency;
    refund.charge = charge.id;
    refund.paymentIntent = charge.paymentIntent;
    refund.paymentMethod = charge.paymentMethod;
    refund.customer = charge.customer;
    refund.reason = params.oneOf("reason", null, Set.of("duplicate", "fraudulent", "requested_by_customer"));
    StripeAccount.applyMetadata(refund.metadata, params.metadata());
    account.data().refunds.put(refund.id, refund);
    charge.amountRefunded += amount;
    charge.refunded = charge.amountRefunded == charge.amountCaptured;
    account.move(MoneyMovement.Type.REFUNDED, intent, charge, refund.id, amount, refund.reason);
    account.emit("refund.created", refund);
    account.emit("charge.refunded", charge);
    return refund;
  }

  public Refund retrieve(String id) {
    Refund refund = account.data().refunds.get(id);
    if (refund == null) {
      throw StripeApiException.noSuch("refund", id, "refund", true);
    }
    return refund;
  }

  /**
   * Refunds newest first, of one PaymentIntent or charge when given: how a refund whose answer
   * was lost is found again (by the metadata it was created with).
   */
  public java.util.List<Refund> list(Params params) {
    params.allowOnly(Set.of("payment_intent", "charge", "limit", "starting_after", "ending_before", "created"));
    String intent = params.string("payment_intent").orElse(null);
    String charge = params.string("charge").orElse(null);
    java.util.List<Refund> refunds = new java.util.ArrayList<>(account.data().refunds.values().stream()
        .filter(refund -> intent == null || intent.equals(refund.paymentIntent))
        .filter(refund -> charge == null || charge.equals(refund.charge))
        .toList());
    java.util.Collections.reverse(refunds);
    return refunds;
  }

  public Charge charge(String id) {
    Charge charge = account.data().charges.get(id);
    if (charge == null) {
      throw StripeApiException.noSuch("charge", id, "charge", true);
    }
    return charge;
  }

  private Charge chargeToRefund(Params params) {
    String intentId = params.string("payment_intent").orElse(null);
    String chargeId = params.string("charge").orElse(null);
    if (intentId == null && chargeId == null) {
      throw StripeApiException.invalidRequest("parameter_missing", "payment_intent",
          "One of the following params should be provided for this request: payment_intent or charge.");
    }
    if (intentId != null) {
      PaymentIntent intent = account.data().paymentIntents.get(intentId);
      if (intent == null) {
        throw StripeApiException.noSuch("payment_intent", intentId, "payment_intent", false);
      }
      Charge charge = intent.latestCharge == null ? null : account.data().charges.get(intent.latestCharge);
      if (charge == null || !charge.succeeded()) {
        throw StripeApiException.invalidRequest("charge_not_refundable", "payment_intent",
            "PaymentIntent " + intentId + " has no successful charge to refund (status " + intent.status.wire()
                + ").");
      }
      return charge;
    }
    Charge charge = account.data().charges.get(chargeId);
    if (charge == null) {
      throw StripeApiException.noSuch("charge", chargeId, "charge", false);
    }
    return charge;
  }
}
