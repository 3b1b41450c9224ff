package org.crowdfund.stripe.emulator;

import java.time.Instant;

/**
 * One movement of money in the emulator's ledger.
 *
 * @param sequence position in the ledger, starting at 1
 * @param at emulator time of the movement
 * @param type what happened
 * @param paymentIntent the PaymentIntent it belongs to
 * @param charge the Charge that carried it
 * @param refund the Refund for {@link Type#REFUNDED}, else null
 * @param amount minor units, always positive
 * @param currency lowercase ISO 4217 code
 * @param reason why an authorization was released or voided (Stripe's wording where it has one), else null
 */
public record MoneyMovement(long sequence, Instant at, Type type, String paymentIntent, String charge,
    String refund, long amount, String currency, String reason) {

  /** Kinds of movement; holds are AUTHORIZED, then CAPTURED, VOIDED or RELEASED. */
  public enum Type {
    /** Funds put on hold (manual capture). */
    AUTHORIZED,
    /** Held funds taken. */
    CAPTURED,
    /** Funds taken at once (automatic capture). */
    CHARGED,
    /** A hold cancelled through the API. */
    VOIDED,
    /** A hold let go without a cancel call: expiry, uncaptured remainder of a partial capture, failed capture. */
    RELEASED,
    /** Captured or charged funds returned. */
    REFUNDED
  }
}
