package org.crowdfund.stripe.emulator.domain;

import java.security.SecureRandom;

/** Stripe-looking identifiers: a type prefix and 24 random base-62 characters. */
public final class Ids {

  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String next(String prefix) {
    return prefix + "_" + random(24);
  }

  public static String random(int length) {
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  public static String clientSecret(String objectId) {
    return objectId + "_secret_" + random(25);
  }
}
