package org.crowdfund.gateway;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The gateway: REST, web page and API docs for browsers, in front of the gRPC services. */
@OpenAPIDefinition(info = @Info(title = "Crowdfund API", version = "v1",
        description = "REST API of the Crowdfund platform. Money is integer minor units plus an ISO-4217 currency; "
                + "times are ISO-8601. Errors are application/problem+json with a stable code (see the Problem schema)."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class GatewayApplication {
    private GatewayApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(GatewayApplication.class, args);
    }
}
