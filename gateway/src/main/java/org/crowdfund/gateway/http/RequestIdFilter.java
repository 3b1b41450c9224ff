package org.crowdfund.gateway.http;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.crowdfund.platform.ids.Ids;

/**
 * Gives every request an id before anything else runs (security included): the caller's
 * {@code X-Request-Id} when it is plain enough, otherwise a new one. The id is echoed in the
 * response header, quoted in problem bodies and forwarded to services as gRPC metadata.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIdFilter implements Ordered {

    @RequestFilter
    public void assign(HttpRequest<?> request) {
        String given = request.getHeaders().get(RequestIds.HEADER);
        request.setAttribute(RequestIds.ATTRIBUTE, RequestIds.accepted(given) ? given : Ids.newId().toString());
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header(RequestIds.HEADER, RequestIds.of(request));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
