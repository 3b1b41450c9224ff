package org.crowdfund.gateway.clients;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import org.crowdfund.proto.reservation.v1.GetAvailabilityResponse;
import org.crowdfund.proto.reservation.v1.TierAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A GetAvailability call in flight. Its answer decorates a page, so a failure is no error: the
 * page is served with its slot counts unknown, and the reason goes to the log.
 */
public final class AvailabilityLookup {
    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityLookup.class);
    /** Beyond the call's own deadline, which normally ends it first. */
    private static final Duration GRACE = Duration.ofMillis(200);

    private final List<ListenableFuture<GetAvailabilityResponse>> calls;
    private final Duration deadline;
    private final String requestId;

    AvailabilityLookup(List<ListenableFuture<GetAvailabilityResponse>> calls, Duration deadline, String requestId) {
        this.calls = calls;
        this.deadline = deadline;
        this.requestId = requestId;
    }

    static AvailabilityLookup nothingToAsk() {
        return new AvailabilityLookup(List.of(), Duration.ZERO, "");
    }

    /** Slot counts by tier id, or empty when reservation-service could not answer in time. */
    public Optional<Map<String, TierAvailability>> await() {
        try {
            List<GetAvailabilityResponse> answers = Futures.allAsList(calls)
                    .get(deadline.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            Map<String, TierAvailability> byTier = new HashMap<>();
            answers.forEach(a -> a.getTiersList().forEach(t -> byTier.put(t.getTierId(), t)));
            return Optional.of(byTier);
        } catch (ExecutionException | TimeoutException e) {
            calls.forEach(call -> call.cancel(true));
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warn("slot counts unavailable for request {}: reservation-service answered {}", requestId, String.valueOf(cause));
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            calls.forEach(call -> call.cancel(true));
            return Optional.empty();
        }
    }
}
