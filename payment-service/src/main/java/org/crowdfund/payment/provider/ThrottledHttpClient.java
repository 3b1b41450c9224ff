package org.crowdfund.payment.provider;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * stripe-java's HTTP client with the shared {@link ProviderThrottle} in front of every attempt.
 * stripe-java calls {@link #request} once per attempt (its own retries of 5xx, 409 and connection
 * failures included), so each attempt waits for a permit. stripe-java does not retry 429; this
 * client does, a few times with a shared back-off, before handing the 429 back (RATE_LIMITED).
 */
final class ThrottledHttpClient extends HttpURLConnectionClient {
    private final ProviderThrottle throttle;

    ThrottledHttpClient(ProviderThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public StripeResponse request(StripeRequest request) throws ApiConnectionException {
        for (int retry = 0; ; retry++) {
            throttle.acquire();
            StripeResponse response = super.request(request);
            if (response.code() != 429) {
                return response;
            }
            Duration pause = throttle.throttled(retry);
            if (retry >= throttle.rateLimitedRetries()) {
                return response;
            }
            LockSupport.parkNanos(pause.toNanos());
        }
    }
}
