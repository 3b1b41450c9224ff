package org.crowdfund.gateway.clients;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Where the services are and how long the gateway waits for them. */
@ConfigurationProperties("crowdfund.grpc")
public class GrpcConfiguration {
    private Duration deadline = Duration.ofSeconds(3);
    private Duration availabilityDeadline = Duration.ofMillis(500);
    private int readAttempts = 3;
    private Map<String, String> targets = new HashMap<>();

    /** Deadline of every call; a browser would rather get a 504 than wait. */
    public Duration getDeadline() {
        return deadline;
    }

    public void setDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    /**
     * Deadline of the slot counts added to campaign pages (GetAvailability): short, because the
     * page renders without them (slots unknown) rather than wait for a slow reservation-service.
     */
    public Duration getAvailabilityDeadline() {
        return availabilityDeadline;
    }

    public void setAvailabilityDeadline(Duration availabilityDeadline) {
        this.availabilityDeadline = availabilityDeadline;
    }

    /** Attempts of a read (Get*, List*) that meets UNAVAILABLE; writes are never retried this way. */
    public int getReadAttempts() {
        return readAttempts;
    }

    public void setReadAttempts(int readAttempts) {
        this.readAttempts = readAttempts;
    }

    /** gRPC target per service name ("campaign" -> "127.0.0.1:50051"). */
    public Map<String, String> getTargets() {
        return targets;
    }

    public void setTargets(Map<String, String> targets) {
        this.targets = targets;
    }
}
