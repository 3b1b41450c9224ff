package org.crowdfund.payment.provider;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** How to reach Stripe and how hard to use it; see application.yml for the environment variables. */
@ConfigurationProperties("crowdfund.stripe")
public class StripeConfiguration {
    /** Stripe allows 100 requests/s in live mode and 25 in test mode; we stay below both. */
    static final int DEFAULT_LIVE_RATE = 80;
    static final int DEFAULT_TEST_RATE = 20;

    private String apiKey = "";
    private String apiBase = "";
    private String webhookSecret = "";
    private String rateLimit = "";
    private int rateLimitReplicas = 1;
    private Duration rateLimitMaxWait = Duration.ofSeconds(3);
    private int rateLimitedRetries = 3;
    private int maxNetworkRetries = 2;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int outageWindow = 20;
    private Duration outageCooldown = Duration.ofSeconds(10);

    public String getApiKey() { return apiKey; }
    public void setApiKey(String apiKey) { this.apiKey = apiKey == null ? "" : apiKey.trim(); }
    public String getApiBase() { return apiBase; }
    public void setApiBase(String apiBase) { this.apiBase = apiBase == null ? "" : apiBase.trim(); }
    public String getWebhookSecret() { return webhookSecret; }
    public void setWebhookSecret(String webhookSecret) { this.webhookSecret = webhookSecret == null ? "" : webhookSecret.trim(); }
    public String getRateLimit() { return rateLimit; }
    public void setRateLimit(String rateLimit) { this.rateLimit = rateLimit == null ? "" : rateLimit.trim(); }
    public int getRateLimitReplicas() { return rateLimitReplicas; }
    public void setRateLimitReplicas(int rateLimitReplicas) { this.rateLimitReplicas = rateLimitReplicas; }
    public Duration getRateLimitMaxWait() { return rateLimitMaxWait; }
    public void setRateLimitMaxWait(Duration rateLimitMaxWait) { this.rateLimitMaxWait = rateLimitMaxWait; }
    public int getRateLimitedRetries() { return rateLimitedRetries; }
    public void setRateLimitedRetries(int rateLimitedRetries) { this.rateLimitedRetries = rateLimitedRetries; }
    public int getMaxNetworkRetries() { return maxNetworkRetries; }
    public void setMaxNetworkRetries(int maxNetworkRetries) { this.maxNetworkRetries = maxNetworkRetries; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getReadTimeout() { return readTimeout; }
    public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }
    public int getOutageWindow() { return outageWindow; }
    public void setOutageWindow(int outageWindow) { this.outageWindow = outageWindow; }
    public Duration getOutageCooldown() { return outageCooldown; }
    public void setOutageCooldown(Duration outageCooldown) { this.outageCooldown = outageCooldown; }

    public boolean isLiveKey() {
        return apiKey.startsWith("sk_live_") || apiKey.startsWith("rk_live_");
    }

    /** Requests per second for the whole account: configured, or the default for the key's mode; 0 = no limit. */
    public double accountRate() {
        if (rateLimit.isEmpty()) {
            return isLiveKey() ? DEFAULT_LIVE_RATE : DEFAULT_TEST_RATE;
        }
        try {
            double rate = Double.parseDouble(rateLimit);
            if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new IllegalStateException("STRIPE_RATE_LIMIT must be >= 0 requests per second, got " + rateLimit);
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("STRIPE_RATE_LIMIT must be a number of requests per second, got '"
                    + rateLimit + "'", e);
        }
    }

    /** This replica's share of the account's rate; 0 = no limit. */
    public double replicaRate() {
        if (rateLimitReplicas < 1) {
            throw new IllegalStateException("STRIPE_RATE_LIMIT_REPLICAS must be >= 1, got " + rateLimitReplicas);
        }
        return accountRate() / rateLimitReplicas;
    }

    /** Fails at startup rather than at the first payment. */
    void requireUsable() {
        if (apiKey.isEmpty()) {
            throw new IllegalStateException("STRIPE_API_KEY is not set: payment-service needs a Stripe secret key "
                    + "(sk_test_... with the stripe-emulator or Stripe's test mode, sk_live_... in production)");
        }
        if (!apiBase.isEmpty() && !apiBase.matches("https?://.+")) {
            throw new IllegalStateException("STRIPE_API_BASE must be an http(s) URL, got '" + apiBase + "'");
        }
        replicaRate();
    }
}
