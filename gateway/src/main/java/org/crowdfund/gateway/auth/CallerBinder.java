package org.crowdfund.gateway.auth;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import org.crowdfund.gateway.http.RequestIds;
import org.crowdfund.platform.grpc.Principal;

import java.util.Optional;
import java.util.Set;

/** Binds a {@link Caller} parameter from the authenticated token (if any) and the request id. */
@Singleton
public class CallerBinder implements TypedRequestArgumentBinder<Caller> {
    public static final String EMAIL_CLAIM = "email";
    public static final String NAME_CLAIM = "name";

    @Override
    public Argument<Caller> argumentType() {
        return Argument.of(Caller.class);
    }

    @Override
    public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
        Principal principal = request.getUserPrincipal(Authentication.class)
                .map(CallerBinder::principal)
                .orElse(Principal.ANONYMOUS);
        Caller caller = new Caller(principal, RequestIds.of(request));
        return () -> Optional.of(caller);
    }

    static Principal principal(Authentication authentication) {
        return new Principal(authentication.getName(), Set.copyOf(authentication.getRoles()),
                claim(authentication, EMAIL_CLAIM), claim(authentication, NAME_CLAIM));
    }

    private static String claim(Authentication authentication, String name) {
        Object value = authentication.getAttributes().get(name);
        return value == null ? "" : value.toString();
    }
}
