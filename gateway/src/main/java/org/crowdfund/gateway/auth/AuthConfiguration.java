package org.crowdfund.gateway.auth;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** Bearer-token settings; see docs/gateway.md. */
@ConfigurationProperties("crowdfund.auth")
public class AuthConfiguration {
    private String jwtSecret = "";
    private boolean localMode;
    private Duration devTokenLifetime = Duration.ofHours(12);

    /** HMAC-SHA256 key the tokens are signed with (JWT_SECRET), at least 32 bytes. */
    public String getJwtSecret() {
        return jwtSecret;
    }

    public void setJwtSecret(String jwtSecret) {
        this.jwtSecret = jwtSecret == null ? "" : jwtSecret;
    }

    /** A developer's machine (CROWDFUND_LOCAL_MODE=true): dev tokens and a default secret. */
    public boolean isLocalMode() {
        return localMode;
    }

    public void setLocalMode(boolean localMode) {
        this.localMode = localMode;
    }

    public Duration getDevTokenLifetime() {
        return devTokenLifetime;
    }

    public void setDevTokenLifetime(Duration devTokenLifetime) {
        this.devTokenLifetime = devTokenLifetime;
    }
}
