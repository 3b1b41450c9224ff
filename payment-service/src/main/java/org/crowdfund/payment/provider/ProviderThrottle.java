package org.crowdfund.payment.provider;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * How hard this process may use Stripe, shared by every caller in it (RPCs, jobs, recovery):
 * <ul>
 *   <li>a rate limiter that spaces requests evenly at this replica's share of the account's rate
 *   (one permit every 1/rate s, no bursts), taken for every HTTP attempt, retries included;</li>
 *   <li>after a 429 every caller pauses (exponential back-off with jitter), not only the one that
 *   got it, so a throttled account is not hit harder;</li>
 *   <li>a circuit breaker that, when half of the recent calls failed for unavailability, fails
 *   calls at once for a cool-down instead of letting every caller retry into an outage.</li>
 * </ul>
 */
@Singleton
public class ProviderThrottle {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderThrottle.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final StripeConfiguration config;
    private final RateLimiter limiter;
    private final CircuitBreaker breaker;
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
    private final Counter throttledAnswers;
    private final Counter refusedLocally;

    public ProviderThrottle(StripeConfiguration config, MeterRegistry meters) {
        this.config = config;
        double rate = config.replicaRate();
        this.limiter = rate <= 0 ? null : RateLimiter.of("stripe", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(Math.max(1, Math.round(1e9 / rate))))
                .timeoutDuration(config.getRateLimitMaxWait())
                .build());
        int window = Math.max(2, config.getOutageWindow());
        this.breaker = CircuitBreaker.of("stripe", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(Math.max(2, window / 2))
                .failureRateThreshold(50)
                .waitDurationInOpenState(config.getOutageCooldown())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(ProviderThrottle::isOutage)
                // a 429 and a 409 (the same operation still running) say nothing about an outage
                .ignoreException(e -> e instanceof ProviderException p && (p.reason() == FailureReason.RATE_LIMITED
                        || p.reason() == FailureReason.OPERATION_IN_PROGRESS))
                .build());
        this.throttledAnswers = Counter.builder("stripe.throttled").description("429 answers from Stripe").register(meters);
        this.refusedLocally = Counter.builder("stripe.limiter.refused")
                .description("calls refused because the client-side rate limiter had no permit in time").register(meters);
        Gauge.builder("stripe.limiter.rate", () -> rate).description("requests per second this replica may send")
                .register(meters);
        Gauge.builder("stripe.breaker.open", breaker, b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .register(meters);
        LOG.info("Stripe client: {} requests/s for this replica ({} for the account over {} replicas){}",
                rate <= 0 ? "unlimited" : String.format("%.1f", rate),
                config.accountRate() <= 0 ? "no limit" : String.format("%.1f", config.accountRate()),
                config.getRateLimitReplicas(), config.getApiBase().isEmpty() ? ", api.stripe.com" : ", " + config.getApiBase());
    }

    /** Runs one provider call (with all its HTTP attempts) unless an outage is being waited out. */
    public <T> T guarded(Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            throw ProviderException.of(FailureReason.PROVIDER_UNAVAILABLE, "Stripe failed repeatedly; calls are paused "
                    + "for up to " + config.getOutageCooldown().toSeconds() + " s before trying again. Retry later with "
                    + "the same idempotency key.");
        }
    }

    /**
     * Waits for this caller's turn: the shared pause after a 429 first, then a limiter permit.
     * Refuses with RATE_LIMITED when the turn would come later than the configured maximum wait.
     */
    public void acquire() {
        long deadline = System.nanoTime() + config.getRateLimitMaxWait().toNanos();
        long pausedUntil = pausedUntilNanos.get();
        if (pausedUntil - deadline > 0) {
            refuse();
        }
        long pause;
        while ((pause = pausedUntil - System.nanoTime()) > 0) {
            LockSupport.parkNanos(pause);
            pausedUntil = pausedUntilNanos.get();
        }
        if (limiter != null && !limiter.acquirePermission()) {
            refuse();
        }
    }

    /** A 429 arrived: every caller pauses for the back-off of this retry, then tries again through the limiter. */
    public Duration throttled(int retry) {
        throttledAnswers.increment();
        long base = Math.min(MAX_BACKOFF.toNanos(), FIRST_BACKOFF.toNanos() << Math.min(retry, 10));
        long delay = (long) (base * ThreadLocalRandom.current().nextDouble(0.5, 1.0));
        long until = System.nanoTime() + delay;
        pausedUntilNanos.accumulateAndGet(until, (current, proposed) -> proposed - current > 0 ? proposed : current);
        return Duration.ofNanos(delay);
    }

    public int rateLimitedRetries() {
        return config.getRateLimitedRetries();
    }

    private void refuse() {
        refusedLocally.increment();
        throw ProviderException.of(FailureReason.RATE_LIMITED, "too many payment requests right now: this replica may "
                + "send " + String.format("%.1f", config.replicaRate()) + " requests/s to Stripe and the queue is longer "
                + "than " + config.getRateLimitMaxWait().toMillis() + " ms. Retry later with the same idempotency key.");
    }

    private static boolean isOutage(Throwable e) {
        return e instanceof ProviderException p && p.reason() == FailureReason.PROVIDER_UNAVAILABLE;
    }
}
