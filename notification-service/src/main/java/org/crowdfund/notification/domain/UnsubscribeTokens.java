package org.crowdfund.notification.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * One-click unsubscribe links that work without signing in: the token names the recipient and
 * the type and is signed with HMAC-SHA256 under a server secret, so nobody can forge one for
 * someone else. It does not expire (RFC 8058 links must keep working in old mail); rotating the
 * secret invalidates every link.
 */
public final class UnsubscribeTokens {
    private static final String VERSION = "u1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] secret;

    public UnsubscribeTokens(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the unsubscribe secret must be at least 32 bytes");
        }
        this.secret = secret.clone();
    }

    public record Claim(String recipientId, NotificationType type) {
    }

    public String sign(String recipientId, NotificationType type) {
        String payload = VERSION + "|" + type.wireName() + "|" + recipientId;
        String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + ENCODER.encodeToString(mac(encoded));
    }

    /** The claim of a genuine token; empty for anything malformed or not signed by us. */
    public Optional<Claim> verify(String token) {
        if (token == null || token.length() > 2048) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String encoded = token.substring(0, dot);
        byte[] given;
        String payload;
        try {
            given = DECODER.decode(token.substring(dot + 1));
            payload = new String(DECODER.decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, mac(encoded))) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\|", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return NotificationType.fromWireName(parts[1]).map(type -> new Claim(parts[2], type));
    }

    /** One initialised Mac per thread: looking the algorithm up and keying it costs more than signing. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private byte[] mac(String encoded) {
        return macs.get().doFinal(encoded.getBytes(StandardCharsets.US_ASCII));
    }
}
