package org.crowdfund.notification.app;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** How notifications are made and sent; every value has an environment variable (application.yml). */
@ConfigurationProperties("crowdfund.notifications")
public class NotificationSettings {
    private String publicBaseUrl = "http://127.0.0.1:8080";
    private String unsubscribeSecret = "";
    private boolean localMode = true;
    private int fanoutBatchSize = 1000;
    private Duration fanoutInterval = Duration.ofMillis(200);
    private int senderThreads = 4;
    private int sendBatchSize = 50;
    private Duration sendInterval = Duration.ofMillis(200);
    private int maxAttempts = 8;
    private Duration retryInitial = Duration.ofSeconds(2);
    private Duration retryMax = Duration.ofMinutes(10);
    private Duration sendLease = Duration.ofMinutes(2);

    /** The page's address, for links in messages (no trailing slash). */
    public String getPublicBaseUrl() { return publicBaseUrl; }
    public void setPublicBaseUrl(String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }
    /** HMAC key of unsubscribe links, at least 32 bytes; required unless local mode is on. */
    public String getUnsubscribeSecret() { return unsubscribeSecret; }
    public void setUnsubscribeSecret(String unsubscribeSecret) { this.unsubscribeSecret = unsubscribeSecret; }
    /** Local mode allows a fixed development secret for unsubscribe links. */
    public boolean isLocalMode() { return localMode; }
    public void setLocalMode(boolean localMode) { this.localMode = localMode; }
    /** Backers per fan-out transaction. */
    public int getFanoutBatchSize() { return fanoutBatchSize; }
    public void setFanoutBatchSize(int fanoutBatchSize) { this.fanoutBatchSize = fanoutBatchSize; }
    public Duration getFanoutInterval() { return fanoutInterval; }
    public void setFanoutInterval(Duration fanoutInterval) { this.fanoutInterval = fanoutInterval; }
    /** SMTP connections used at once, each by its own sending thread. */
    public int getSenderThreads() { return senderThreads; }
    public void setSenderThreads(int senderThreads) { this.senderThreads = senderThreads; }
    /** E-mails one sending thread claims at a time. */
    public int getSendBatchSize() { return sendBatchSize; }
    public void setSendBatchSize(int sendBatchSize) { this.sendBatchSize = sendBatchSize; }
    /** How long an idle sending thread waits before looking for due e-mails again. */
    public Duration getSendInterval() { return sendInterval; }
    public void setSendInterval(Duration sendInterval) { this.sendInterval = sendInterval; }
    /** Attempts of one e-mail before it is parked. */
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    /** Back-off after the first failed attempt; doubles per attempt up to retryMax. */
    public Duration getRetryInitial() { return retryInitial; }
    public void setRetryInitial(Duration retryInitial) { this.retryInitial = retryInitial; }
    public Duration getRetryMax() { return retryMax; }
    public void setRetryMax(Duration retryMax) { this.retryMax = retryMax; }
    /**
     * How long a claimed e-mail belongs to the thread that claimed it; a replica that died while
     * sending leaves it to others after this.
     */
    public Duration getSendLease() { return sendLease; }
    public void setSendLease(Duration sendLease) { this.sendLease = sendLease; }

    /** Back-off before attempt {@code attempts + 1}. */
    public Duration retryDelay(int attempts) {
        Duration delay = retryInitial.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
