package org.crowdfund.gateway.http;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * How large a request body may be. The API's JSON bodies are small (a campaign description is at
 * most 10 000 characters); Stripe's events can be larger, so the webhook route has a limit of its
 * own. The server's hard cap ({@code micronaut.server.max-request-size}) is the webhook limit;
 * {@link RequestSizeFilter} holds every other route to the API limit.
 */
@ConfigurationProperties("crowdfund.http")
public class RequestLimits {
    private long maxRequestBytes = 64 * 1024;
    private long maxWebhookBytes = 256 * 1024;
    private String webhookPath = "/webhooks/stripe";

    /** Largest body of an API request (MAX_REQUEST_BYTES). */
    public long getMaxRequestBytes() {
        return maxRequestBytes;
    }

    public void setMaxRequestBytes(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Largest Stripe event accepted at the webhook route (STRIPE_WEBHOOK_MAX_BYTES). */
    public long getMaxWebhookBytes() {
        return maxWebhookBytes;
    }

    public void setMaxWebhookBytes(long maxWebhookBytes) {
        this.maxWebhookBytes = maxWebhookBytes;
    }

    public String getWebhookPath() {
        return webhookPath;
    }

    public void setWebhookPath(String webhookPath) {
        this.webhookPath = webhookPath;
    }

    /** The limit of the route at {@code path}. */
    public long limitFor(String path) {
        return webhookPath.equals(path) ? maxWebhookBytes : maxRequestBytes;
    }
}
