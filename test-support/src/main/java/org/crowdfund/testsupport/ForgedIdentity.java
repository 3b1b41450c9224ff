package org.crowdfund.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The ways a caller might try to act as pledge-service (role {@code service}) without being it,
 * each with the refusal a service answers: for the identity test of every service's mutating
 * RPC. {@link #genuine} is the control: the same claim, properly signed, which the RPC accepts.
 * Tokens are made here with nimbus directly, as an attacker (or a misconfigured process) would,
 * not with the platform's signer.
 */
public enum ForgedIdentity {
    /** No identity at all: the call is anonymous and the RPC needs a caller. */
    MISSING(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED"),
    /** The old unsigned metadata that used to be trusted. */
    BARE_METADATA(Status.Code.UNAUTHENTICATED, "IDENTITY_UNSIGNED"),
    /** Properly signed, but expired a minute ago. */
    EXPIRED(Status.Code.UNAUTHENTICATED, "IDENTITY_EXPIRED"),
    /** Properly signed, valid for a day: longer than identity tokens may live. */
    LONG_LIVED(Status.Code.UNAUTHENTICATED, "IDENTITY_EXPIRED"),
    /** Named as pledge-service's key but signed with another key. */
    WRONGLY_SIGNED(Status.Code.UNAUTHENTICATED, "IDENTITY_BAD_SIGNATURE"),
    /** A genuine gateway token for a backer whose claims were edited afterwards. */
    TAMPERED(Status.Code.UNAUTHENTICATED, "IDENTITY_BAD_SIGNATURE"),
    /** Signed by a key nobody trusts. */
    UNKNOWN_SIGNER(Status.Code.UNAUTHENTICATED, "IDENTITY_UNKNOWN_SIGNER"),
    /** An unsigned JWT (alg none). */
    UNSIGNED_JWT(Status.Code.UNAUTHENTICATED, "IDENTITY_MALFORMED"),
    /** pledge-service's genuine token, addressed to another service. */
    WRONG_AUDIENCE(Status.Code.UNAUTHENTICATED, "IDENTITY_WRONG_AUDIENCE"),
    /** The gateway's genuine key claiming the service role for pledge-service. */
    SERVICE_ROLE_FOR_ANOTHER_PROCESS(Status.Code.UNAUTHENTICATED, "IDENTITY_FORGED_SERVICE"),
    /** notification-service, genuinely itself, but not on the service's allow-list. */
    SERVICE_NOT_ALLOWED(Status.Code.PERMISSION_DENIED, "SERVICE_CALLER_NOT_ALLOWED");

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Status.Code code;
    private final String reason;

    ForgedIdentity(Status.Code code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public Status.Code code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** {@code stub} carrying this forgery of pledge-service's identity towards the gRPC service {@code audience}. */
    public <S extends AbstractStub<S>> S attach(S stub, String audience) {
        Instant now = Instant.now();
        ECKey pledge = TestIdentities.key("pledge-service");
        List<String> service = List.of("service");
        return switch (this) {
            case MISSING -> stub;
            case BARE_METADATA -> {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("x-crowdfund-subject", Metadata.ASCII_STRING_MARSHALLER), "pledge-service");
                headers.put(Metadata.Key.of("x-crowdfund-roles", Metadata.ASCII_STRING_MARSHALLER), "service");
                yield stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            case EXPIRED -> bearer(stub, sign(pledge, "pledge-service", service, audience, now.minusSeconds(120), Duration.ofSeconds(60)));
            case LONG_LIVED -> bearer(stub, sign(pledge, "pledge-service", service, audience, now, Duration.ofDays(1)));
            case WRONGLY_SIGNED -> bearer(stub, sign(TestIdentities.untrustedKey("pledge-service"), "pledge-service", service,
                    audience, now, Duration.ofSeconds(30)));
            case TAMPERED -> bearer(stub, tampered(sign(TestIdentities.key("gateway"), "backer-1", List.of("backer"),
                    audience, now, Duration.ofSeconds(30))));
            case UNKNOWN_SIGNER -> bearer(stub, sign(TestIdentities.untrustedKey("intruder"), "intruder", service, audience,
                    now, Duration.ofSeconds(30)));
            case UNSIGNED_JWT -> bearer(stub, new PlainJWT(claims("pledge-service", "pledge-service", service, audience, now,
                    Duration.ofSeconds(30))).serialize());
            case WRONG_AUDIENCE -> bearer(stub, sign(pledge, "pledge-service", service, "crowdfund.other.v1.OtherService",
                    now, Duration.ofSeconds(30)));
            case SERVICE_ROLE_FOR_ANOTHER_PROCESS -> bearer(stub, sign(TestIdentities.key("gateway"), "pledge-service", service,
                    audience, now, Duration.ofSeconds(30)));
            case SERVICE_NOT_ALLOWED -> bearer(stub, sign(TestIdentities.key("notification-service"), "notification-service",
                    service, audience, now, Duration.ofSeconds(30)));
        };
    }

    /** The control: pledge-service's identity, properly signed for {@code audience}. */
    public static <S extends AbstractStub<S>> S genuine(S stub, String audience) {
        return bearer(stub, sign(TestIdentities.key("pledge-service"), "pledge-service", List.of("service"), audience,
                Instant.now(), Duration.ofSeconds(30)));
    }

    private static <S extends AbstractStub<S>> S bearer(S stub, String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static String sign(ECKey key, String subject, List<String> roles, String audience, Instant issuedAt,
                               Duration lifetime) {
        String issuer = key.getKeyID();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims(issuer, subject, roles, audience, issuedAt, lifetime));
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(String issuer, String subject, List<String> roles, String audience, Instant issuedAt,
                                       Duration lifetime) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString()).claim("roles", roles).claim("email", "").claim("name", "").build();
    }

    /** The token with its payload replaced: now claiming pledge-service's service role under the old signature. */
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"sub\":\"backer-1\"", "\"sub\":\"pledge-service\"").replace("\"backer\"", "\"service\"");
        return parts[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
