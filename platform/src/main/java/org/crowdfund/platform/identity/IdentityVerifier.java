package org.crowdfund.platform.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.crowdfund.platform.identity.IdentityRefusals.*;

/**
 * Checks the identity token of an incoming call: ES256 signature by a trusted key, issuer = the
 * key's owner, not expired (a few seconds of clock skew allowed), lifetime at most
 * {@link #MAX_LIFETIME}, audience = the gRPC service called. The {@code service} role is
 * accepted only when a process asserts itself ({@code sub} = {@code iss}) and that process is
 * on this service's allow-list. Verified tokens are remembered until they expire, so a caller's
 * reused token is checked once.
 */
public final class IdentityVerifier {
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    private static final int CACHE_LIMIT = 10_000;

    private final Map<String, JWSVerifier> verifiers;
    private final Set<String> serviceCallers;
    private final Clock clock;
    private final Map<String, Verified> cache = new ConcurrentHashMap<>();

    public IdentityVerifier(List<ECKey> trusted, Set<String> serviceCallers, Clock clock) {
        Map<String, JWSVerifier> byKeyId = new HashMap<>();
        for (ECKey key : trusted) {
            try {
                byKeyId.put(key.getKeyID(), new ECDSAVerifier(key.toECPublicKey()));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("trusted key '" + key.getKeyID() + "' is unusable: " + e.getMessage(), e);
            }
        }
        this.verifiers = Map.copyOf(byKeyId);
        this.serviceCallers = Set.copyOf(new HashSet<>(serviceCallers));
        this.clock = clock;
    }

    public boolean trustsAnyone() {
        return !verifiers.isEmpty();
    }

    public Set<String> serviceCallers() {
        return serviceCallers;
    }

    /** The principal {@code token} asserts to {@code audience}, or the refusal as a {@link ServiceException}. */
    public Principal verify(String token, String audience) {
        Instant now = clock.instant();
        Verified known = cache.get(token);
        if (known != null && known.audience().equals(audience) && now.isBefore(known.expiresAt().plus(CLOCK_SKEW))) {
            return known.principal();
        }
        Verified verified = check(token, audience, now);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(token, verified);
        return verified.principal();
    }

    private Verified check(String token, String audience, Instant now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw unauthenticated(IDENTITY_MALFORMED, "the identity token is not a signed JWT: " + e.getMessage());
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            throw unauthenticated(IDENTITY_MALFORMED, "identity tokens are signed with ES256, not "
                    + jwt.getHeader().getAlgorithm());
        }
        String keyId = jwt.getHeader().getKeyID();
        JWSVerifier verifier = keyId == null ? null : verifiers.get(keyId);
        if (verifier == null) {
            throw unauthenticated(IDENTITY_UNKNOWN_SIGNER, "the identity token is signed by key '" + keyId
                    + "', which this service does not trust (IDENTITY_TRUSTED_KEYS)");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw unauthenticated(IDENTITY_BAD_SIGNATURE, "the identity token's signature does not match key '" + keyId + "'");
            }
        } catch (JOSEException e) {
            throw unauthenticated(IDENTITY_BAD_SIGNATURE, "the identity token's signature cannot be checked: " + e.getMessage());
        }
        String issuer = claims.getIssuer();
        if (!IdentityKeys.issuerOf(keyId).equals(issuer)) {
            throw unauthenticated(IDENTITY_BAD_SIGNATURE, "the identity token names issuer '" + issuer
                    + "' but is signed with the key of '" + IdentityKeys.issuerOf(keyId) + "'");
        }
        Instant issuedAt = claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant();
        Instant expiresAt = claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant();
        if (issuedAt == null || expiresAt == null) {
            throw unauthenticated(IDENTITY_MALFORMED, "the identity token needs both iat and exp");
        }
        if (!now.isBefore(expiresAt.plus(CLOCK_SKEW))) {
            throw unauthenticated(IDENTITY_EXPIRED, "the identity token expired at " + expiresAt + "; sign a new one per call");
        }
        if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw unauthenticated(IDENTITY_EXPIRED, "the identity token is issued in the future (" + issuedAt
                    + "); check the caller's clock");
        }
        if (Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
            throw unauthenticated(IDENTITY_EXPIRED, "the identity token is valid for "
                    + Duration.between(issuedAt, expiresAt).toSeconds() + " s; at most " + MAX_LIFETIME.toSeconds() + " s is accepted");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw unauthenticated(IDENTITY_WRONG_AUDIENCE, "the identity token is for " + claims.getAudience()
                    + ", not for " + audience);
        }
        Principal principal = principal(claims);
        if (principal.isService()) {
            if (!principal.subject().equals(issuer)) {
                throw unauthenticated(IDENTITY_FORGED_SERVICE, "'" + issuer + "' may claim the service role only for itself, not for '"
                        + principal.subject() + "'");
            }
            if (!serviceCallers.contains(issuer)) {
                throw new ServiceException(io.grpc.Status.Code.PERMISSION_DENIED, SERVICE_CALLER_NOT_ALLOWED,
                        "this service takes service calls only from " + (serviceCallers.isEmpty() ? "no one"
                        : serviceCallers) + ", not from '" + issuer + "' (IDENTITY_SERVICE_CALLERS)");
            }
        }
        return new Verified(principal, audience, expiresAt);
    }

    private static Principal principal(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw unauthenticated(IDENTITY_MALFORMED, "the identity token has no subject");
        }
        try {
            List<String> roles = claims.getStringListClaim(IdentitySigner.ROLES_CLAIM);
            return new Principal(subject, roles == null ? Set.of() : Set.copyOf(roles),
                    claims.getStringClaim(IdentitySigner.EMAIL_CLAIM), claims.getStringClaim(IdentitySigner.NAME_CLAIM));
        } catch (ParseException e) {
            throw unauthenticated(IDENTITY_MALFORMED, "the identity token's roles, email or name are malformed");
        }
    }

    private record Verified(Principal principal, String audience, Instant expiresAt) {
    }
}
