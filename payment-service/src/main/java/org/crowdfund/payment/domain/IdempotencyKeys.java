package org.crowdfund.payment.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stripe Idempotency-Keys derived from the caller's key: the same caller key always gives the same
 * provider key for the same step, so a retry (by the caller, stripe-java or the recovery job) is
 * replayed by Stripe instead of executed twice. Hashed so that caller keys of any length and
 * alphabet fit Stripe's 255-character limit and reveal nothing.
 */
public final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    /** e.g. {@code crowdfund-authorize-3f1c...-payment_intent}. */
    public static String providerKey(Operation operation, String callerKey, String step) {
        return "crowdfund-" + operation.dbValue() + "-" + sha256(callerKey).substring(0, 40) + "-" + step;
    }

    /** One Stripe customer per backer, whichever operation creates it first. */
    public static String customerKey(String backerId) {
        return "crowdfund-customer-" + sha256(backerId).substring(0, 40);
    }

    public static String sha256(String value) {
        return sha256(value.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
