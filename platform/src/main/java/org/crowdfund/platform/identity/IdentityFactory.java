package org.crowdfund.platform.identity;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The process's identity beans: its signer, installed at start for every outgoing call
 * ({@link org.crowdfund.platform.grpc.Calls}), and the verifier of incoming calls. Token times
 * are checked against the system clock, never against a service's adjustable business clock.
 */
@Factory
public class IdentityFactory {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityFactory.class);

    @Singleton
    IdentityConfiguration identityConfiguration(Environment environment,
                                                @Value("${micronaut.application.name:}") String applicationName) {
        return IdentityConfiguration.from(key -> environment.getProperty(key, String.class).orElse(null), applicationName);
    }

    @Context
    IdentitySigner identitySigner(IdentityConfiguration config) {
        IdentitySigner signer = config.signer(Clock.systemUTC());
        IdentitySigner.install(signer);
        if (config.privateKey().isEmpty()) {
            LOG.warn("no IDENTITY_PRIVATE_KEY: {} cannot call other services", config.name());
        }
        return signer;
    }

    @Singleton
    IdentityVerifier identityVerifier(IdentityConfiguration config) {
        IdentityVerifier verifier = config.verifier(Clock.systemUTC());
        if (!verifier.trustsAnyone()) {
            LOG.warn("no IDENTITY_TRUSTED_KEYS: {} accepts only anonymous calls", config.name());
        }
        LOG.info("{} takes service calls from {}", config.name(),
                config.serviceCallers().isEmpty() ? "no one" : config.serviceCallers());
        return verifier;
    }
}
