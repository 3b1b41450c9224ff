package org.crowdfund.stripe.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.payload" keyed with the endpoint secret>}. Public so tests can also forge bad or stale ones.
 */
public final class WebhookSignature {

  private WebhookSignature() {}

  public static String header(String payload, String secret, long timestampSeconds) {
    return "t=" + timestampSeconds + ",v1=" + hmacSha256Hex(secret, timestampSeconds + "." + payload);
  }

  static String hmacSha256Hex(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
