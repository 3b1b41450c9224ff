package org.crowdfund.gateway.errors;

import io.grpc.Status;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.crowdfund.gateway.clients.ServiceCallException;
import org.crowdfund.gateway.http.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A service's answer as a problem: its message is the detail (services write messages for
 * callers; field violations are restated with the REST field names), except for internal
 * failures, whose details stay in the logs.
 */
@Singleton
@Produces(Problems.PROBLEM_JSON)
@Requires(classes = ExceptionHandler.class)
public class ServiceCallExceptionHandler implements ExceptionHandler<ServiceCallException, HttpResponse<Problem>> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCallExceptionHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ServiceCallException e) {
        Status.Code code = e.code();
        String reason = ServiceErrors.reason(e.status());
        HttpStatus status = ServiceErrors.httpStatus(code, reason);
        String description = e.status().getStatus().getDescription();
        String detail = switch (code) {
            case UNAVAILABLE -> reason != null && description != null ? description
                    : "the " + e.service() + " service is unavailable; try again in a moment";
            case DEADLINE_EXCEEDED -> "the " + e.service() + " service did not answer in time; try again in a moment "
                    + "(a change may or may not have been made: repeat it with the same Idempotency-Key)";
            case UNIMPLEMENTED -> "the " + e.service() + " service does not offer this operation yet";
            default -> status.getCode() >= 500 || description == null || description.isBlank()
                    ? "the " + e.service() + " service failed; quote request id " + RequestIds.of(request) + " when reporting it"
                    : description;
        };
        String restated = ServiceErrors.restDetail(e.status());
        if (restated != null) {
            detail = restated;
        }
        List<Problem.FieldError> violations = ServiceErrors.violations(e.status());
        if (!violations.isEmpty()) {
            detail = violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        }
        if (status.getCode() >= 500) {
            LOG.warn("{} {} failed (request {}): {}", request.getMethod(), request.getPath(), RequestIds.of(request), e.getMessage());
        }
        List<Problem.FieldError> spelled = violations.stream()
                .map(v -> new Problem.FieldError(v.field(), RestSpelling.restate(v.message()))).toList();
        var response = Problems.response(request, status, reason != null ? reason : code.name(), RestSpelling.restate(detail), spelled);
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            // an overloaded service says when to come back (ErrorInfo retry_after_seconds); 1 s otherwise
            response.header("Retry-After", ServiceErrors.retryAfterSeconds(e.status()));
        }
        return response;
    }
}
