package org.crowdfund.gateway.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.json.JsonSyntaxException;
import jakarta.inject.Singleton;
import org.crowdfund.gateway.http.RequestIds;
import org.crowdfund.gateway.http.RequestLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Every error the framework produces (unknown route, wrong method, missing token, malformed or
 * oversized body, unconvertible parameter, unexpected exception) as a problem, in place of
 * Micronaut's default JSON error body. Internals never reach the client.
 */
@Singleton
public class ProblemResponseProcessor implements ErrorResponseProcessor<Problem> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponseProcessor.class);

    private final RequestLimits limits;

    public ProblemResponseProcessor(RequestLimits limits) {
        this.limits = limits;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpRequest<?> request = context.getRequest();
        HttpStatus status = response.status();
        Throwable cause = context.getRootCause().orElse(null);
        String code;
        String detail;
        List<Problem.FieldError> errors = List.of();
        switch (status) {
            case BAD_REQUEST -> {
                if (causedBy(cause, JsonSyntaxException.class) || causedBy(cause, JsonProcessingException.class)) {
                    code = ErrorCodes.MALFORMED_JSON;
                    detail = "the request body is not valid JSON; check quotes, commas and brackets, and send UTF-8";
                } else if (cause instanceof ConversionErrorException || cause instanceof UnsatisfiedArgumentException) {
                    code = ErrorCodes.VALIDATION_FAILED;
                    errors = context.getErrors().stream().map(ProblemResponseProcessor::fieldError).toList();
                    detail = errors.isEmpty() ? "a parameter of the request could not be read"
                            : errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
                } else {
                    code = ErrorCodes.BAD_REQUEST;
                    detail = "the request could not be read";
                }
            }
            case UNAUTHORIZED -> {
                code = ErrorCodes.UNAUTHENTICATED;
                detail = request.getHeaders().contains(HttpHeaders.AUTHORIZATION)
                        ? "the bearer token is invalid or expired; sign in again for a new one"
                        : "this needs a signed-in user: send Authorization: Bearer <token>";
            }
            case FORBIDDEN -> {
                code = ErrorCodes.PERMISSION_DENIED;
                detail = "your account may not do this";
            }
            case NOT_FOUND -> {
                code = ErrorCodes.NOT_FOUND;
                detail = "nothing at " + request.getMethod() + " " + request.getPath() + "; the API is described at /docs";
            }
            case METHOD_NOT_ALLOWED -> {
                code = ErrorCodes.METHOD_NOT_ALLOWED;
                detail = request.getMethod() + " is not supported on " + request.getPath()
                        + Optional.ofNullable(response.getHeaders().get(HttpHeaders.ALLOW)).map(a -> "; allowed: " + a).orElse("");
            }
            case REQUEST_ENTITY_TOO_LARGE -> {
                code = ErrorCodes.PAYLOAD_TOO_LARGE;
                detail = "request bodies are limited to " + limits.limitFor(request.getPath()) + " bytes";
            }
            case UNSUPPORTED_MEDIA_TYPE -> {
                code = ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
                detail = "send the body as JSON with Content-Type: application/json";
            }
            case NOT_ACCEPTABLE -> {
                code = ErrorCodes.NOT_ACCEPTABLE;
                detail = "this resource is available as application/json only";
            }
            default -> {
                if (status.getCode() >= 500) {
                    code = ErrorCodes.INTERNAL;
                    detail = "the gateway failed; quote request id " + RequestIds.of(request) + " when reporting it";
                    LOG.error("{} {} failed (request {}): {}", request.getMethod(), request.getPath(), RequestIds.of(request), String.valueOf(cause));
                } else {
                    code = status.name();
                    detail = status.getReason();
                }
            }
        }
        return ((MutableHttpResponse<Problem>) response)
                .body(Problems.problem(request, status, code, detail, errors))
                .contentType(Problems.PROBLEM_JSON_TYPE);
    }

    private static Problem.FieldError fieldError(Error error) {
        String field = error.getPath().map(p -> p.startsWith("/") ? p.substring(1) : p).orElse("request");
        // the framework's message names converters and Java types: never passed on
        return new Problem.FieldError(field, "has a value of the wrong type; see the API description at /docs");
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
