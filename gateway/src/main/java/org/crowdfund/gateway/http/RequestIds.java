package org.crowdfund.gateway.http;

import io.micronaut.http.HttpRequest;

import java.util.regex.Pattern;

/** The id every request carries through the gateway, its logs and the services it calls. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "crowdfund.requestId";
    /** A caller's own id is kept when it is short and plain, so it can go into logs and gRPC metadata as is. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private RequestIds() {
    }

    /** The request's id; requests the filter never saw (none in practice) get the caller's header or "". */
    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class)
                .orElseGet(() -> accepted(request.getHeaders().get(HEADER)) ? request.getHeaders().get(HEADER) : "");
    }

    static boolean accepted(String candidate) {
        return candidate != null && ACCEPTED.matcher(candidate).matches();
    }
}
