package org.crowdfund.stripe.emulator;

import java.util.Arrays;
import java.util.Optional;

/**
 * Stripe's test payment methods that the emulator knows, and how each behaves. All but
 * {@link #CAPTURE_DECLINED} are Stripe's own tokens with Stripe's documented behaviour
 * (docs.stripe.com/testing, "Declined payments"): each decline card answers its own error code and
 * decline code, when it is saved (attached, SetupIntent) as well as when it pays.
 */
public enum TestCard {
  VISA("pm_card_visa", "visa", "4242", null, null, Authentication.NONE, null),
  MASTERCARD("pm_card_mastercard", "mastercard", "4444", null, null, Authentication.NONE, null),
  /** card_declined / generic_decline. */
  CHARGE_DECLINED("pm_card_chargeDeclined", "visa", "0002", Decline.CARD_DECLINED_GENERIC,
      Decline.CARD_DECLINED_GENERIC, Authentication.NONE, null),
  /** card_declined / insufficient_funds. */
  INSUFFICIENT_FUNDS("pm_card_chargeDeclinedInsufficientFunds", "visa", "9995", Decline.INSUFFICIENT_FUNDS,
      Decline.INSUFFICIENT_FUNDS, Authentication.NONE, null),
  /** card_declined / lost_card. */
  LOST_CARD("pm_card_chargeDeclinedLostCard", "visa", "9987", Decline.LOST_CARD, Decline.LOST_CARD,
      Authentication.NONE, null),
  /** card_declined / stolen_card. */
  STOLEN_CARD("pm_card_chargeDeclinedStolenCard", "visa", "9979", Decline.STOLEN_CARD, Decline.STOLEN_CARD,
      Authentication.NONE, null),
  /** card_declined / fraudulent. */
  FRAUDULENT("pm_card_chargeDeclinedFraudulent", "visa", "0019", Decline.FRAUDULENT, Decline.FRAUDULENT,
      Authentication.NONE, null),
  /** card_declined / card_velocity_exceeded. */
  VELOCITY_LIMIT_EXCEEDED("pm_card_chargeDeclinedVelocityLimitExceeded", "visa", "6975", Decline.VELOCITY,
      Decline.VELOCITY, Authentication.NONE, null),
  /** expired_card / expired_card. */
  EXPIRED_CARD("pm_card_chargeDeclinedExpiredCard", "visa", "0069", Decline.EXPIRED_CARD, Decline.EXPIRED_CARD,
      Authentication.NONE, null),
  /** incorrect_cvc / incorrect_cvc. */
  INCORRECT_CVC("pm_card_chargeDeclinedIncorrectCvc", "visa", "0127", Decline.INCORRECT_CVC,
      Decline.INCORRECT_CVC, Authentication.NONE, null),
  /** processing_error / processing_error: a temporary failure, the same card may work when retried. */
  PROCESSING_ERROR("pm_card_chargeDeclinedProcessingError", "visa", "0119", Decline.PROCESSING_ERROR,
      Decline.PROCESSING_ERROR, Authentication.NONE, null),
  /** Saves (attaches) fine; every later payment is declined with generic_decline. */
  CHARGE_CUSTOMER_FAIL("pm_card_chargeCustomerFail", "visa", "0341", null, Decline.CARD_DECLINED_GENERIC,
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
  CAPTURE_DECLINED("pm_card_captureDeclined", "visa", "0051", null, null, Authentication.NONE,
      "generic_decline");

  /** When a card asks for 3D Secure. */
  public enum Authentication { NONE, ALWAYS, UNLESS_SET_UP }

  /**
   * A refusal as Stripe's error shows it: the error {@code code}, the {@code decline_code}, the
   * customer-facing message and, for card-detail errors, the {@code param} it names.
   */
  public enum Decline {
    CARD_DECLINED_GENERIC("card_declined", "generic_decline", "Your card was declined.", null),
    INSUFFICIENT_FUNDS("card_declined", "insufficient_funds", "Your card has insufficient funds.", null),
    LOST_CARD("card_declined", "lost_card", "Your card was declined.", null),
    STOLEN_CARD("card_declined", "stolen_card", "Your card was declined.", null),
    FRAUDULENT("card_declined", "fraudulent", "Your card was declined.", null),
    VELOCITY("card_declined", "card_velocity_exceeded", "Your card was declined for making repeated attempts too "
        + "frequently or exceeding its amount limit.", null),
    EXPIRED_CARD("expired_card", "expired_card", "Your card has expired.", "exp_month"),
    INCORRECT_CVC("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.", "cvc"),
    PROCESSING_ERROR("processing_error", "processing_error", "An error occurred while processing your card. Try "
        + "again in a little bit.", null),
    AUTHENTICATION_REQUIRED("authentication_required", "authentication_required",
        "Your card was declined. This transaction requires authentication.", null);

    private final String code;
    private final String declineCode;
    private final String message;
    private final String param;

    Decline(String code, String declineCode, String message, String param) {
      this.code = code;
      this.declineCode = declineCode;
      this.message = message;
      this.param = param;
    }

    public String code() {
      return code;
    }

    public String declineCode() {
      return declineCode;
    }

    public String message() {
      return message;
    }

    /** The card detail the error names (exp_month, cvc), or null. */
    public String param() {
      return param;
    }
  }

  private final String token;
  private final String brand;
  private final String last4;
  private final Decline setupDecline;
  private final Decline paymentDecline;
  private final Authentication authentication;
  private final String captureDeclineCode;

  TestCard(String token, String brand, String last4, Decline setupDecline, Decline paymentDecline,
      Authentication authentication, String captureDeclineCode) {
    this.token = token;
    this.brand = brand;
    this.last4 = last4;
    this.setupDecline = setupDecline;
    this.paymentDecline = paymentDecline;
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

  /** How the card is refused when it is verified for saving (SetupIntent, attach), or empty. */
  public Optional<Decline> setupDecline() {
    return Optional.ofNullable(setupDecline);
  }

  /** How every payment attempt is refused, or empty. */
  public Optional<Decline> paymentDecline() {
    return Optional.ofNullable(paymentDecline);
  }

  /** Decline code of every payment attempt, or empty. */
  public Optional<String> paymentDeclineCode() {
    return paymentDecline().map(Decline::declineCode);
  }

  public Authentication authentication() {
    return authentication;
  }

  /** Decline code of a capture of a successful authorization, or empty. */
  public Optional<String> captureDeclineCode() {
    return Optional.ofNullable(captureDeclineCode);
  }
}
