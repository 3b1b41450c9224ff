package org.crowdfund.gateway.errors;

import io.micronaut.http.HttpStatus;

import java.util.List;

/** A request the gateway itself refuses (bad shape, wrong mode) before any service is called. */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final List<Problem.FieldError> errors;

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public ApiException(HttpStatus status, String code, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    /** 400 VALIDATION_FAILED naming every field at fault. */
    public static ApiException invalid(List<Problem.FieldError> errors) {
        String summary = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.VALIDATION_FAILED, summary, errors);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
