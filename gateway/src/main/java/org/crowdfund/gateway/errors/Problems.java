package org.crowdfund.gateway.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import org.crowdfund.gateway.http.RequestIds;

import java.util.List;
import java.util.Locale;

/** Builds problem responses, so every error leaves the gateway in the same shape. */
public final class Problems {
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final MediaType PROBLEM_JSON_TYPE = MediaType.of(PROBLEM_JSON);
    static final String TYPE_PREFIX = "urn:problem:crowdfund:";

    private Problems() {
    }

    public static Problem problem(HttpRequest<?> request, HttpStatus status, String code, String detail,
                                  List<Problem.FieldError> errors) {
        return new Problem(TYPE_PREFIX + code.toLowerCase(Locale.ROOT).replace('_', '-'), title(code), status.getCode(),
                detail, code, request.getPath(), RequestIds.of(request), errors.isEmpty() ? null : List.copyOf(errors));
    }

    public static MutableHttpResponse<Problem> response(HttpRequest<?> request, HttpStatus status, String code,
                                                        String detail, List<Problem.FieldError> errors) {
        return HttpResponse.<Problem>status(status)
                .body(problem(request, status, code, detail, errors))
                .contentType(PROBLEM_JSON_TYPE);
    }

    /** "CAMPAIGN_NOT_FOUND" reads as "Campaign not found": one title per code, as RFC 9457 asks. */
    static String title(String code) {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ').replace("json", "JSON");
        return words.isEmpty() ? "Error" : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
