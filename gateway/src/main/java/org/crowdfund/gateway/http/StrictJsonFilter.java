package org.crowdfund.gateway.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import org.crowdfund.gateway.errors.ApiException;
import org.crowdfund.gateway.errors.ErrorCodes;
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.errors.Problems;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every API request body is checked here, before any controller binds it, so a controller added
 * later gets the same strictness without doing anything: a body must be sent as
 * {@code application/json} (UTF-8; anything else, or no Content-Type, is 415), hold exactly one
 * JSON document (no trailing data), no object may repeat a member, and no string may hold a
 * control character (other than line breaks and tabs) or an unpaired surrogate. The field at
 * fault is named. Routes that match nothing are left to their 404 or 405.
 */
@ServerFilter("/api/**")
public class StrictJsonFilter implements Ordered {

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request, @Body @Nullable byte[] body) {
        if (body == null || body.length == 0 || RouteAttributes.getRouteInfo(request).isEmpty()) {
            return null;
        }
        Optional<String> mediaProblem = mediaTypeProblem(request);
        if (mediaProblem.isPresent()) {
            return Problems.response(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                    mediaProblem.get(), List.of());
        }
        try {
            List<Problem.FieldError> errors = StrictJson.check(body);
            if (errors.isEmpty()) {
                return null;
            }
            ApiException refused = ApiException.invalid(errors);
            return Problems.response(request, refused.status(), refused.code(), refused.getMessage(), refused.errors());
        } catch (StrictJson.MalformedJsonException e) {
            return Problems.response(request, HttpStatus.BAD_REQUEST, ErrorCodes.MALFORMED_JSON, e.getMessage(), List.of());
        }
    }

    private static Optional<String> mediaTypeProblem(HttpRequest<?> request) {
        Optional<MediaType> given = request.getContentType();
        String expected = "send the body as JSON with Content-Type: application/json";
        if (given.isEmpty()) {
            return Optional.of("the request has a body but no Content-Type; " + expected);
        }
        MediaType type = given.get();
        if (!type.getType().equalsIgnoreCase("application") || !type.getSubtype().equalsIgnoreCase("json")) {
            return Optional.of("Content-Type " + type.getName() + " is not accepted; " + expected);
        }
        Optional<String> charset = type.getParameters().get("charset").map(c -> c.toLowerCase(Locale.ROOT));
        if (charset.isPresent() && !charset.get().equals("utf-8")) {
            return Optional.of("charset " + charset.get() + " is not accepted; JSON bodies are UTF-8 (charset=utf-8 or none)");
        }
        return Optional.empty();
    }

    @Override
    public int getOrder() {
        return FilterOrder.BODY;
    }
}
