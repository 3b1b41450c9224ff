package org.crowdfund.platform.events;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Where events go. The stream name and subject prefix are configurable so tests and several
 * local stacks can share one NATS server without seeing each other's events.
 */
@ConfigurationProperties("crowdfund.events")
public class EventsConfiguration {
    private String natsUrl = "nats://127.0.0.1:4222";
    private String stream = "CROWDFUND";
    private String subjectPrefix = "crowdfund";
    private int streamReplicas = 1;
    private int relayBatchSize = 500;
    private Duration relayInterval = Duration.ofMillis(100);
    private Duration retention = Duration.ofDays(7);
    private int maxDeliver = 8;
    private Duration ackWait = Duration.ofSeconds(30);
    private int consumerBatchSize = 64;
    private int relayMaxAttempts = 10;
    private Duration relayClaimLease = Duration.ofSeconds(30);
    private Duration relayAckTimeout = Duration.ofSeconds(5);
    private Duration duplicateWindow = Duration.ofMinutes(2);
    private String deadLetterStream;
    private Duration deadLetterRetention = Duration.ofDays(30);
    private Duration inboxRetention = Duration.ofDays(14);
    /** Longest delay between two deliveries of one message (the consumers' nak back-off cap). */
    public static final Duration MAX_REDELIVERY_DELAY = Duration.ofSeconds(30);

    public String getNatsUrl() { return natsUrl; }
    public void setNatsUrl(String natsUrl) { this.natsUrl = natsUrl; }
    public String getStream() { return stream; }
    public void setStream(String stream) { this.stream = stream; }
    public String getSubjectPrefix() { return subjectPrefix; }
    public void setSubjectPrefix(String subjectPrefix) { this.subjectPrefix = subjectPrefix; }
    public int getStreamReplicas() { return streamReplicas; }
    public void setStreamReplicas(int streamReplicas) { this.streamReplicas = streamReplicas; }
    public int getRelayBatchSize() { return relayBatchSize; }
    public void setRelayBatchSize(int relayBatchSize) { this.relayBatchSize = relayBatchSize; }
    public Duration getRelayInterval() { return relayInterval; }
    public void setRelayInterval(Duration relayInterval) { this.relayInterval = relayInterval; }
    public Duration getRetention() { return retention; }
    public void setRetention(Duration retention) { this.retention = retention; }
    public int getMaxDeliver() { return maxDeliver; }
    public void setMaxDeliver(int maxDeliver) { this.maxDeliver = maxDeliver; }
    public Duration getAckWait() { return ackWait; }
    public void setAckWait(Duration ackWait) { this.ackWait = ackWait; }
    public int getConsumerBatchSize() { return consumerBatchSize; }
    public void setConsumerBatchSize(int consumerBatchSize) { this.consumerBatchSize = consumerBatchSize; }

    public int getRelayMaxAttempts() { return relayMaxAttempts; }
    public void setRelayMaxAttempts(int relayMaxAttempts) { this.relayMaxAttempts = relayMaxAttempts; }
    public Duration getRelayClaimLease() { return relayClaimLease; }
    public void setRelayClaimLease(Duration relayClaimLease) { this.relayClaimLease = relayClaimLease; }
    public Duration getRelayAckTimeout() { return relayAckTimeout; }
    public void setRelayAckTimeout(Duration relayAckTimeout) { this.relayAckTimeout = relayAckTimeout; }
    public Duration getDuplicateWindow() { return duplicateWindow; }
    public void setDuplicateWindow(Duration duplicateWindow) { this.duplicateWindow = duplicateWindow; }
    public Duration getDeadLetterRetention() { return deadLetterRetention; }
    public void setDeadLetterRetention(Duration deadLetterRetention) { this.deadLetterRetention = deadLetterRetention; }
    public Duration getInboxRetention() { return inboxRetention; }
    public void setInboxRetention(Duration inboxRetention) { this.inboxRetention = inboxRetention; }
    public void setDeadLetterStream(String deadLetterStream) { this.deadLetterStream = deadLetterStream; }

    /** The stream of messages consumers gave up on; default {@code <stream>_DLQ}. */
    public String getDeadLetterStream() {
        return deadLetterStream == null || deadLetterStream.isBlank() ? stream + "_DLQ" : deadLetterStream;
    }

    /** Dead letters of one durable consumer: {@code <prefix>_dlq.<durable>}, outside the main stream's subjects. */
    public String deadLetterSubject(String durable) {
        return deadLetterSubjects() + "." + durable;
    }

    public String deadLetterSubjects() {
        return subjectPrefix + "_dlq";
    }

    /**
     * How long after its first delivery a message can still be delivered again: every delivery
     * may wait out the ack wait and then the longest nak delay.
     */
    public Duration redeliveryWindow() {
        return ackWait.plus(MAX_REDELIVERY_DELAY).multipliedBy(maxDeliver);
    }

    /** Full subject for a subject relative to the prefix, e.g. campaign.launched. */
    public String subject(String relative) {
        return subjectPrefix + "." + relative;
    }
}
