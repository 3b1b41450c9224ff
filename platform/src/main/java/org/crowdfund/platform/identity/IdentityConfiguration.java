package org.crowdfund.platform.identity;

import com.nimbusds.jose.jwk.ECKey;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a process's identity keys come from. Each setting is the property
 * {@code crowdfund.identity.*}, else the environment variable:
 * <ul>
 *   <li>{@code name} / {@code IDENTITY_NAME}: who this process is (default: its application name);</li>
 *   <li>{@code private-key} / {@code IDENTITY_PRIVATE_KEY}: its private key(s), a JWK or JWK set;</li>
 *   <li>{@code trusted-keys} / {@code IDENTITY_TRUSTED_KEYS}: the public keys whose tokens it accepts, a JWK set;</li>
 *   <li>{@code service-callers} / {@code IDENTITY_SERVICE_CALLERS}: the processes it accepts the
 *       {@code service} role from, comma-separated (default: none);</li>
 *   <li>{@code token-ttl} / {@code IDENTITY_TOKEN_TTL}: lifetime of the tokens it signs, at most 60 s.</li>
 * </ul>
 */
public record IdentityConfiguration(String name, String privateKey, String trustedKeys, Set<String> serviceCallers,
                                    Duration tokenTtl) {
    static final String PREFIX = "crowdfund.identity.";

    /** Reads each setting with {@code lookup} (property name) and falls back to the environment. */
    public static IdentityConfiguration from(Function<String, String> lookup, String defaultName) {
        Function<String, String> setting = key -> {
            String value = lookup.apply(PREFIX + key);
            if (value == null || value.isBlank()) {
                value = System.getenv("IDENTITY_" + key.toUpperCase().replace('-', '_'));
            }
            return value == null ? "" : value.trim();
        };
        String name = setting.apply("name");
        String ttl = setting.apply("token-ttl");
        return new IdentityConfiguration(name.isEmpty() ? defaultName : name, setting.apply("private-key"),
                setting.apply("trusted-keys"), callers(setting.apply("service-callers")),
                ttl.isEmpty() ? IdentityVerifier.MAX_LIFETIME : parseDuration(ttl));
    }

    /** From system properties and the environment, for processes without an application context. */
    static IdentityConfiguration fromSystem() {
        return from(System::getProperty, "");
    }

    public IdentitySigner signer(Clock clock) {
        List<ECKey> keys = privateKey.isEmpty() ? List.of() : IdentityKeys.parsePrivate(privateKey, "IDENTITY_PRIVATE_KEY");
        return new IdentitySigner(name, keys, tokenTtl, clock);
    }

    public IdentityVerifier verifier(Clock clock) {
        List<ECKey> trusted = trustedKeys.isEmpty() ? List.of() : IdentityKeys.parsePublic(trustedKeys, "IDENTITY_TRUSTED_KEYS");
        return new IdentityVerifier(trusted, serviceCallers, clock);
    }

    private static Set<String> callers(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Duration parseDuration(String value) {
        return value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value))
                : value.matches("\\d+s") ? Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)))
                : Duration.parse(value);
    }
}
