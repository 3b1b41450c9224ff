package org.crowdfund.gateway.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The HMAC key bearer tokens are signed and checked with. Taken from JWT_SECRET only; the
 * gateway refuses to start without one of at least 32 bytes (HS256 needs 256 bits), except in
 * local mode, where a fixed development key is used when none is given so that
 * {@code ./crowdfund up} works out of the box. Tokens signed with that key are worthless
 * anywhere the secret is set properly.
 */
@Factory
public class TokenSigning {
    static final int MIN_SECRET_BYTES = 32;
    static final String LOCAL_MODE_SECRET = "crowdfund-local-mode-development-secret-not-for-production";
    private static final Logger LOG = LoggerFactory.getLogger(TokenSigning.class);

    @Context
    @Named("generator")
    SignatureGeneratorConfiguration signature(AuthConfiguration auth) {
        SecretSignatureConfiguration config = new SecretSignatureConfiguration("generator");
        config.setSecret(secret(auth));
        return new SecretSignature(config);
    }

    static String secret(AuthConfiguration auth) {
        String secret = auth.getJwtSecret().trim();
        if (secret.isEmpty() && auth.isLocalMode()) {
            LOG.warn("local mode: signing tokens with the built-in development secret; set JWT_SECRET anywhere else");
            return LOCAL_MODE_SECRET;
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new ConfigurationException("JWT_SECRET must be set to a secret of at least " + MIN_SECRET_BYTES
                    + " bytes (for example: openssl rand -base64 48); "
                    + (secret.isEmpty() ? "it is not set" : "the one given has only "
                    + secret.getBytes(StandardCharsets.UTF_8).length + " bytes")
                    + ". On a developer machine, CROWDFUND_LOCAL_MODE=true uses a built-in development secret.");
        }
        return secret;
    }
}
