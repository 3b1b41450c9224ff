package org.crowdfund.gateway.http;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers on every answer, errors included. The page and the API docs load scripts,
 * styles and images from the gateway itself only (no inline script, no other host), and no
 * site may frame them. Answers to a request that carried credentials, and the dev tokens, are
 * never stored by a browser or proxy; API answers vary with the caller's token.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SecurityHeadersFilter implements Ordered {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @ResponseFilter
    public void secure(HttpRequest<?> request, MutableHttpResponse<?> response) {
        HttpHeaders headers = response.getHeaders();
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Cross-Origin-Opener-Policy", "same-origin");
        if (request.getHeaders().contains(HttpHeaders.AUTHORIZATION) || request.getPath().startsWith("/api/v1/dev/")) {
            response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
            response.getHeaders().remove(HttpHeaders.EXPIRES);
            response.getHeaders().remove(HttpHeaders.LAST_MODIFIED);
        }
        if (request.getPath().startsWith("/api/") && !headers.contains(HttpHeaders.VARY)) {
            response.header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
        }
    }

    @Override
    public int getOrder() {
        return FilterOrder.HEADERS;
    }
}
