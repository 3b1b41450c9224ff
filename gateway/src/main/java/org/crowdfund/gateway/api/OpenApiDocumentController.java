package org.crowdfund.gateway.api;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI document the build generates from the controllers, as
 * {@code application/yaml} (RFC 9512): served as a static file it went out as text/plain, which
 * tools that pick a parser by media type refuse.
 */
@Controller("/openapi")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class OpenApiDocumentController {
    static final String DOCUMENT = "crowdfund-api.yml";
    static final String YAML = "application/yaml";
    private final byte[] document;

    public OpenApiDocumentController(ResourceResolver resources) {
        try (InputStream in = resources.getResourceAsStream("classpath:META-INF/swagger/" + DOCUMENT)
                .orElseThrow(() -> new IllegalStateException("META-INF/swagger/" + DOCUMENT + " is missing from the build"))) {
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get("/" + DOCUMENT)
    public HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).contentType(YAML + ";charset=utf-8");
    }
}
