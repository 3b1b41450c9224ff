package org.crowdfund.gateway.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.generator.TokenGenerator;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.crowdfund.gateway.api.JsonBodies;
import org.crowdfund.gateway.errors.ApiException;
import org.crowdfund.gateway.errors.ErrorCodes;
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.errors.Problems;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens for demo users on a developer's machine, so the web page and curl can act as a
 * creator, backer or admin without an identity provider. Refused unless local mode is on.
 */
@Controller("/api/v1/dev")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Local development")
@ApiResponse(responseCode = "4XX", description = "Refused, as application/problem+json with a stable code",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "5XX", description = "A service is unavailable (503), too slow (504) or failed (500)",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
public class DevTokenController {

    private final AuthConfiguration auth;
    private final TokenGenerator tokens;
    private final JsonBodies bodies;

    public DevTokenController(AuthConfiguration auth, TokenGenerator tokens, JsonBodies bodies) {
        this.auth = auth;
        this.tokens = tokens;
        this.bodies = bodies;
    }

    @Serdeable
    @Schema(name = "DevTokenRequest")
    public record DevTokenRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The user id: 1 to 100 letters, digits and . _ : @ + -",
                    pattern = DevTokenRules.SUBJECT_PATTERN, maxLength = DevTokenRules.SUBJECT_MAX,
                    example = "00000000-0000-7000-8000-00000000c001") String subject,
            @ArraySchema(schema = @Schema(type = "string", allowableValues = {"backer", "creator", "admin"}), minItems = 1,
                    uniqueItems = true, arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "One or more of backer, creator, admin")) List<String> roles,
            @Nullable @Schema(description = "An e-mail address", maxLength = DevTokenRules.EMAIL_MAX, example = "ada@example.com") String email,
            @Nullable @Schema(description = "Display name, one line", maxLength = DevTokenRules.NAME_MAX) String name) {
    }

    @Serdeable
    @Schema(name = "DevToken")
    public record DevToken(String token, String expiresAt) {
    }

    @Post("/tokens")
    @Operation(operationId = "issueDevToken", summary = "Issue a bearer token for any user (local mode only)")
    @RequestBody(content = @Content(schema = @Schema(implementation = DevTokenRequest.class)))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DevToken.class)))
    public DevToken issue(@Body @Nullable JsonNode body) {
        requireLocalMode();
        DevTokenRequest request = bodies.read(body, DevTokenRequest.class);
        List<Problem.FieldError> errors = DevTokenRules.check(request);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<String> roles = List.copyOf(request.roles());
        Map<String, Object> attributes = new HashMap<>();
        if (request.email() != null) {
            attributes.put(CallerBinder.EMAIL_CLAIM, request.email());
        }
        if (request.name() != null) {
            attributes.put(CallerBinder.NAME_CLAIM, request.name());
        }
        int lifetime = (int) auth.getDevTokenLifetime().toSeconds();
        String token = tokens.generateToken(Authentication.build(request.subject(), roles, attributes), lifetime)
                .orElseThrow(() -> new IllegalStateException("the token generator produced no token"));
        return new DevToken(token, Instant.now().plusSeconds(lifetime).toString());
    }

    @Get("/users")
    @Operation(operationId = "listDemoUsers", summary = "The demo users a local stack offers (local mode only)")
    public List<DemoUsers.DemoUser> users() {
        requireLocalMode();
        return DemoUsers.ALL;
    }

    private void requireLocalMode() {
        if (!auth.isLocalMode()) {
            throw new ApiException(HttpStatus.FORBIDDEN, ErrorCodes.LOCAL_MODE_ONLY, "development tokens are only issued "
                    + "when the gateway runs in local mode (CROWDFUND_LOCAL_MODE=true); elsewhere tokens come from "
                    + "the identity provider");
        }
    }
}
