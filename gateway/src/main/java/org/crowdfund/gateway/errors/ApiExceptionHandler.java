package org.crowdfund.gateway.errors;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** The gateway's own refusals as problems. */
@Singleton
@Produces(Problems.PROBLEM_JSON)
@Requires(classes = ExceptionHandler.class)
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ApiException e) {
        return Problems.response(request, e.status(), e.code(), e.getMessage(), e.errors());
    }
}
