package org.crowdfund.platform.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys processes sign their identity tokens with: EC P-256 (ES256) JSON Web Keys whose key id
 * names the process ({@code pledge-service}, or {@code pledge-service/2026-11} for a rotated key;
 * the part before the first {@code /} is the issuer). Private keys are given as one JWK or a JWK
 * set; trusted keys as a JWK set of public keys.
 * <p>
 * {@code java -cp <any service jar> org.crowdfund.platform.identity.IdentityKeys DIR NAME...}
 * writes {@code DIR/NAME.jwk} (private, mode 600) for every name that has none yet and
 * {@code DIR/trusted.jwks} with all their public keys: the local key set of {@code ./crowdfund up}.
 */
public final class IdentityKeys {
    private IdentityKeys() {
    }

    public static ECKey generate(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key", e);
        }
    }

    /** The issuer a key id belongs to: the key id up to its first {@code /}. */
    public static String issuerOf(String keyId) {
        int slash = keyId == null ? -1 : keyId.indexOf('/');
        return keyId == null ? "" : slash < 0 ? keyId : keyId.substring(0, slash);
    }

    /** EC private keys from one JWK or a JWK set; each must have a key id. */
    public static List<ECKey> parsePrivate(String json, String source) {
        List<ECKey> keys = new ArrayList<>();
        for (JWK jwk : parse(json, source)) {
            if (!(jwk instanceof ECKey ec) || !ec.isPrivate() || !Curve.P_256.equals(ec.getCurve())) {
                throw new IllegalArgumentException(source + ": key '" + jwk.getKeyID()
                        + "' is not a private EC P-256 key (ES256)");
            }
            keys.add(ec);
        }
        return keys;
    }

    /** EC public keys from a JWK set (private parts, if any, are dropped). */
    public static List<ECKey> parsePublic(String json, String source) {
        List<ECKey> keys = new ArrayList<>();
        for (JWK jwk : parse(json, source)) {
            if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                throw new IllegalArgumentException(source + ": key '" + jwk.getKeyID() + "' is not an EC P-256 key (ES256)");
            }
            keys.add(ec.toPublicJWK());
        }
        return keys;
    }

    private static List<JWK> parse(String json, String source) {
        try {
            String trimmed = json.trim();
            List<JWK> keys = trimmed.contains("\"keys\"") ? JWKSet.parse(trimmed).getKeys() : List.of(JWK.parse(trimmed));
            for (JWK key : keys) {
                if (key.getKeyID() == null || key.getKeyID().isBlank()) {
                    throw new IllegalArgumentException(source + ": every key needs a \"kid\" naming its process");
                }
            }
            return keys;
        } catch (ParseException e) {
            throw new IllegalArgumentException(source + " is not a JSON Web Key or key set: " + e.getMessage(), e);
        }
    }

    public static String publicSet(List<ECKey> keys) {
        return new JWKSet(keys.stream().map(k -> (JWK) k.toPublicJWK()).toList()).toString(true);
    }

    public static String privateSet(List<ECKey> keys) {
        return new JWKSet(List.<JWK>copyOf(keys)).toString(false);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: IdentityKeys DIR NAME... (writes DIR/NAME.jwk for new names and DIR/trusted.jwks)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<ECKey> all = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path file = dir.resolve(args[i] + ".jwk");
            if (!Files.exists(file)) {
                Files.writeString(file, generate(args[i]).toJSONString());
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the file system has no POSIX modes; the directory's protection has to do
                }
            }
            all.addAll(parsePrivate(Files.readString(file), file.toString()));
        }
        Files.writeString(dir.resolve("trusted.jwks"), publicSet(all));
    }
}
