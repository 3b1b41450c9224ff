package org.crowdfund.gateway.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.crowdfund.gateway.errors.ErrorCodes;
import org.crowdfund.gateway.errors.Problems;

import java.util.List;

/**
 * Refuses a body larger than its route allows (see {@link RequestLimits}) by its declared
 * Content-Length, before anything reads it. A body sent without a length (chunked) is bounded by
 * the server's hard cap instead, the largest route limit.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestSizeFilter implements Ordered {
    private final RequestLimits limits;

    public RequestSizeFilter(RequestLimits limits) {
        this.limits = limits;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        long limit = limits.limitFor(request.getPath());
        if (request.getContentLength() > limit) {
            return Problems.response(request, HttpStatus.REQUEST_ENTITY_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE,
                    "request bodies are limited to " + limit + " bytes", List.of());
        }
        return null;
    }

    @Override
    public int getOrder() {
        // right after the request id is assigned, so the problem quotes it
        return ServerFilterPhase.FIRST.after();
    }
}
