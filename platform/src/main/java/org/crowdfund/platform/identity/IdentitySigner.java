package org.crowdfund.platform.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.ids.Ids;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs the identity a call is made for, as a short-lived ES256 JWT: {@code iss} this process,
 * {@code sub}/{@code roles}/{@code email}/{@code name} the principal, {@code aud} the gRPC
 * service called. A service principal ({@link Principal#service}) is signed with that service's
 * own key, which only that service holds; anyone else (the gateway's users, a backer a service
 * acts for) is signed with this process's key.
 * <p>
 * A token is reused for the same principal and audience while more than half of its lifetime is
 * left, so a busy caller does not sign every call.
 */
public final class IdentitySigner {
    public static final String ROLES_CLAIM = "roles";
    public static final String EMAIL_CLAIM = "email";
    public static final String NAME_CLAIM = "name";
    private static final int CACHE_LIMIT = 10_000;

    private static volatile IdentitySigner installed;

    private final String self;
    private final Map<String, Key> keysByIssuer;
    private final Duration ttl;
    private final Clock clock;
    private final Map<CacheKey, Signed> cache = new ConcurrentHashMap<>();

    public IdentitySigner(String self, List<ECKey> keys, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(IdentityVerifier.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("identity tokens live at most " + IdentityVerifier.MAX_LIFETIME.toSeconds()
                    + " s, got " + ttl);
        }
        this.self = self;
        this.ttl = ttl;
        this.clock = clock;
        Map<String, Key> byIssuer = new LinkedHashMap<>();
        for (ECKey key : keys) {
            byIssuer.putIfAbsent(IdentityKeys.issuerOf(key.getKeyID()), new Key(key));
        }
        this.keysByIssuer = Map.copyOf(byIssuer);
    }

    /** Makes {@code signer} the one {@link org.crowdfund.platform.grpc.Calls} signs with in this process. */
    public static void install(IdentitySigner signer) {
        installed = signer;
    }

    /**
     * The process's signer: the one the application installed at start, else one built from the
     * system properties or environment ({@code crowdfund.identity.name} / {@code IDENTITY_NAME},
     * {@code crowdfund.identity.private-key} / {@code IDENTITY_PRIVATE_KEY}) for processes that
     * run no application context, such as tools and test clients.
     */
    public static IdentitySigner installed() {
        IdentitySigner signer = installed;
        if (signer == null) {
            synchronized (IdentitySigner.class) {
                if (installed == null) {
                    IdentityConfiguration config = IdentityConfiguration.fromSystem();
                    installed = config.signer(Clock.systemUTC());
                }
                signer = installed;
            }
        }
        return signer;
    }

    public String self() {
        return self;
    }

    /** A token asserting {@code principal} to the gRPC service {@code audience}. */
    public String sign(Principal principal, String audience) {
        Instant now = clock.instant();
        CacheKey cacheKey = new CacheKey(principal, audience);
        Signed cached = cache.get(cacheKey);
        if (cached != null && cached.expiresAt().minus(ttl.dividedBy(2)).isAfter(now)) {
            return cached.token();
        }
        Key key = keyFor(principal);
        String token = sign(key.jwk(), key.signer(), principal, audience, now, ttl);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(cacheKey, new Signed(token, now.plus(ttl)));
        return token;
    }

    private Key keyFor(Principal principal) {
        String issuer = principal.isService() ? principal.subject() : self;
        Key key = keysByIssuer.get(issuer);
        if (key == null) {
            throw new IllegalStateException(keysByIssuer.isEmpty()
                    ? "this process has no identity key, so it cannot call other services: set IDENTITY_PRIVATE_KEY "
                    + "(./crowdfund up generates local keys under .crowdfund/identity; see README, Configuration)"
                    : principal.isService()
                    ? "this process holds no key of '" + issuer + "': a service calls as itself only (it holds "
                    + keysByIssuer.keySet() + ")"
                    : "this process (" + self + ") holds no key of its own; it holds " + keysByIssuer.keySet());
        }
        return key;
    }

    /**
     * Signs a token with any key and times: for tests that need a token no well-configured
     * process would send (expired, foreign key, wrong audience).
     */
    public static String sign(ECKey key, Principal principal, String audience, Instant issuedAt, Duration lifetime) {
        try {
            return sign(key, new ECDSASigner(key), principal, audience, issuedAt, lifetime);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not a usable EC signing key: " + e.getMessage(), e);
        }
    }

    private static String sign(ECKey key, JWSSigner signer, Principal principal, String audience, Instant issuedAt,
                               Duration lifetime) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(IdentityKeys.issuerOf(key.getKeyID()))
                .subject(principal.subject())
                .audience(audience)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .jwtID(Ids.newId().toString())
                .claim(ROLES_CLAIM, new ArrayList<>(principal.roles()))
                .claim(EMAIL_CLAIM, principal.email())
                .claim(NAME_CLAIM, principal.name())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing an identity token failed", e);
        }
        return jwt.serialize();
    }

    private record Key(ECKey jwk, JWSSigner signer) {
        Key(ECKey jwk) {
            this(jwk, signerOf(jwk));
        }

        private static JWSSigner signerOf(ECKey jwk) {
            try {
                return new ECDSASigner(jwk);
            } catch (JOSEException e) {
                throw new IllegalArgumentException("key '" + jwk.getKeyID() + "' cannot sign: " + e.getMessage(), e);
            }
        }
    }

    private record CacheKey(Principal principal, String audience) {
    }

    private record Signed(String token, Instant expiresAt) {
    }
}
