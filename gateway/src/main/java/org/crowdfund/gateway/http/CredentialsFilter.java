package org.crowdfund.gateway.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.crowdfund.gateway.errors.ErrorCodes;
import org.crowdfund.gateway.errors.Problems;

import java.util.List;
import java.util.Locale;

/**
 * A request that presents credentials which do not authenticate is refused with 401, also on a
 * public route: micronaut-security lets a public read through as anonymous when its token is
 * bad, and a client with an expired or forged token would then silently see less than it
 * should instead of learning it must sign in again.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CredentialsFilter implements Ordered {

    @RequestFilter
    @Nullable
    public HttpResponse<?> requireValidCredentials(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null || request.getUserPrincipal().isPresent()) {
            return null;
        }
        String detail = authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")
                ? "the bearer token is invalid or expired; sign in again for a new one, or send no Authorization header for public reads"
                : "only bearer tokens are accepted: send Authorization: Bearer <token>";
        return Problems.response(request, HttpStatus.UNAUTHORIZED, ErrorCodes.UNAUTHENTICATED, detail, List.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
    }

    @Override
    public int getOrder() {
        return FilterOrder.CREDENTIALS;
    }
}
