package org.crowdfund.stripe.emulator;

import java.util.Arrays;
import java.util.Optional;

/**
 * Stripe's test payment methods that the emulator knows, and how each behaves. All but
 * {@link #CAPTURE_DECLINED} are Stripe's own tokens with Stripe's documented behaviour.
 */
public enum TestCard {
  VISA("pm_card_visa", "visa", "4242", null, null, Authentication.NONE, null),
  MASTERCARD("pm_card_mastercard", "mastercard", "4444", null, null, Authentication.NONE, null),
  /** Declined with card_declined / generic_decline, also when saved (attached) to a customer. */
  CHARGE_DECLINED("pm_card_chargeDeclined", "visa", "0002", "generic_decline", "generic_decline",
      Authentication.NONE, null),
  /** Declined with card_declined / insufficient_funds, also when saved (attached) to a customer. */
  INSUFFICIENT_FUNDS("pm_card_chargeDeclinedInsufficientFunds", "visa", "9995", "insufficient_funds",
      "insufficient_funds", Authentication.NONE, null),
  /** Saves (attaches) fine; every later payment is declined with generic_decline. */
  CHARGE_CUSTOMER_FAIL("pm_card_chargeCustomerFail", "visa", "0341", null, "generic_decline",
      Authentication.NONE, null),
  /** Requires 3D Secure on every payment: requires_action on session, authentication_required off session. */
  AUTHENTICATION_REQUIRED("pm_card_authenticationRequired", "visa", "3184", null, null,
      Authentication.ALWAYS, null),
  /** Requires 3D Secure when saved; once set up, off-session payments succeed without it. */
  AUTHENTICATION_REQUIRED_ON_SETUP("pm_card_authenticationRequiredOnSetup", "visa", "3155", null, null,
      Authentication.UNLESS_SET_UP, null),
  /**
   * Emulator-only (Stripe has no such token): saves and authorizes like Visa, but the capture is
   * declined with generic_decline and the authorization is released.
   */
  CAPTURE_DECLINED("pm_card_captureDeclined", "visa", "0069", null, null, Authentication.NONE,
      "generic_decline");

  /** When a card asks for 3D Secure. */
  public enum Authentication { NONE, ALWAYS, UNLESS_SET_UP }

  private final String token;
  private final String brand;
  private final String last4;
  private final String setupDeclineCode;
  private final String paymentDeclineCode;
  private final Authentication authentication;
  private final String captureDeclineCode;

  TestCard(String token, String brand, String last4, String setupDeclineCode, String paymentDeclineCode,
      Authentication authentication, String captureDeclineCode) {
    this.token = token;
    this.brand = brand;
    this.last4 = last4;
    this.setupDeclineCode = setupDeclineCode;
    this.paymentDeclineCode = paymentDeclineCode;
    this.authentication = authentication;
    this.captureDeclineCode = captureDeclineCode;
  }

  public static Optional<TestCard> byToken(String token) {
    return Arrays.stream(values()).filter(card -> card.token.equals(token)).findFirst();
  }

  public String token() {
    return token;
  }

  public String brand() {
    return brand;
  }

  public String last4() {
    return last4;
  }

  /** Decline code when the card is verified for saving (SetupIntent, attach), or empty. */
  public Optional<String> setupDeclineCode() {
    return Optional.ofNullable(setupDeclineCode);
  }

  /** Decline code of every payment attempt, or empty. */
  public Optional<String> paymentDeclineCode() {
    return Optional.ofNullable(paymentDeclineCode);
  }

  public Authentication authentication() {
    return authentication;
  }

  /** Decline code of a capture of a successful authorization, or empty. */
  public Optional<String> captureDeclineCode() {
    return Optional.ofNullable(captureDeclineCode);
  }
}
