package org.crowdfund.gateway.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * An error as {@code application/problem+json} (RFC 9457), with the stable {@code code} clients
 * branch on, the request id to quote when reporting it, and the fields at fault for bad input.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "Every error, as application/problem+json")
public record Problem(
        @Schema(description = "Identifies the kind of problem: urn:problem:crowdfund:<code in kebab case>",
                example = "urn:problem:crowdfund:campaign-not-found") String type,
        @Schema(description = "Short summary of the kind of problem", example = "Campaign not found") String title,
        @Schema(description = "HTTP status", example = "404") int status,
        @Schema(description = "What went wrong and what to do about it") String detail,
        @Schema(description = "Stable machine-readable code (see docs/gateway.md)", example = "CAMPAIGN_NOT_FOUND") String code,
        @Schema(description = "The request path") String instance,
        @Schema(description = "Id of the request, also in the X-Request-Id response header") String requestId,
        @Schema(description = "Fields at fault, for VALIDATION_FAILED") List<FieldError> errors) {

    /** One field of the request and what is wrong with it; field names are those of the JSON body or query. */
    @Serdeable
    @Schema(name = "FieldError")
    public record FieldError(@Schema(example = "goalMinor") String field,
                             @Schema(example = "must be a positive amount in minor units, got 0") String message) {
    }
}
