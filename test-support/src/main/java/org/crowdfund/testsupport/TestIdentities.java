package org.crowdfund.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity keys of a test run: one EC P-256 key per process of the platform, generated once
 * per JVM. Services started as separate processes get only their own private key (as in
 * production); an application started inside the test JVM, and the test's own clients, hold all
 * of them, so a test can call as the gateway's user or as any service
 * ({@code Calls.as(stub, Principal.service("pledge-service"), ...)}). Every process trusts all of
 * them. A test that needs a key nobody trusts makes one with {@link #untrustedKey}.
 */
public final class TestIdentities {
    public static final List<String> PROCESSES = List.of("gateway", "campaign-service", "pledge-service",
            "payment-service", "reservation-service", "notification-service");
    private static final Map<String, ECKey> KEYS = new LinkedHashMap<>();

    static {
        PROCESSES.forEach(name -> KEYS.put(name, generate(name)));
    }

    private TestIdentities() {
    }

    /**
     * Lets clients in this JVM that run no application context sign (platform's
     * IdentitySigner.installed reads these system properties): as the gateway for users, as any
     * service for service principals.
     */
    static void installForClients() {
        System.setProperty("crowdfund.identity.name", "gateway");
        System.setProperty("crowdfund.identity.private-key", allPrivateKeys());
        System.setProperty("crowdfund.identity.trusted-keys", trustedKeys());
    }

    public static ECKey key(String process) {
        ECKey key = KEYS.get(process);
        if (key == null) {
            throw new IllegalArgumentException("no test key for " + process + "; known: " + PROCESSES);
        }
        return key;
    }

    /** A key with the name of a real process that no test process trusts (a forger's key). */
    public static ECKey untrustedKey(String process) {
        return generate(process);
    }

    /** Every test key, private: what an application inside the test JVM signs with. */
    public static String allPrivateKeys() {
        return new JWKSet(List.<JWK>copyOf(KEYS.values())).toString(false);
    }

    public static String trustedKeys() {
        return new JWKSet(KEYS.values().stream().map(k -> (JWK) k.toPublicJWK()).toList()).toString(true);
    }

    /** Identity settings for an application started in the test JVM. */
    public static Map<String, Object> properties() {
        return Map.of("crowdfund.identity.private-key", allPrivateKeys(),
                "crowdfund.identity.trusted-keys", trustedKeys());
    }

    /** Identity environment for a service process: its own key only, and trust in every test key. */
    public static Map<String, String> environment(String process) {
        return Map.of("IDENTITY_PRIVATE_KEY", key(process).toJSONString(),
                "IDENTITY_TRUSTED_KEYS", trustedKeys());
    }

    private static ECKey generate(String name) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(name).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
