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
    private int relayBatchSize = 200;
    private Duration relayInterval = Duration.ofMillis(100);
    private Duration retention = Duration.ofDays(7);
    private int maxDeliver = 8;
    private Duration ackWait = Duration.ofSeconds(30);
    private int consumerBatchSize = 64;

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

    /** Full subject for a subject relative to the prefix, e.g. campaign.launched. */
    public String subject(String relative) {
        return subjectPrefix + "." + relative;
    }
}
