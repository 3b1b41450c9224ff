package org.crowdfund.gateway.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import org.crowdfund.gateway.errors.ApiException;
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.errors.Problems;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Query parameters are checked against the route before the controller runs, so no controller
 * ever sees one it would ignore or default silently: a parameter the route does not declare
 * with {@code @QueryValue} is refused (a typo such as {@code pagesize} would otherwise change
 * nothing), and so is a second value for a single-valued one. Values are checked by their
 * declared type and, for the API-wide paging parameters, by name (see {@link QueryRules}).
 * Every problem is reported at once, by parameter name.
 */
@ServerFilter("/api/**")
public class QueryParametersFilter implements Ordered {

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        Optional<RouteInfo<?>> route = RouteAttributes.getRouteInfo(request);
        if (route.isEmpty() || !(route.get() instanceof MethodBasedRouteInfo<?, ?> method)) {
            return null;
        }
        Map<String, Argument<?>> declared = new LinkedHashMap<>();
        for (Argument<?> argument : method.getTargetMethod().getArguments()) {
            if (argument.getAnnotationMetadata().hasAnnotation(QueryValue.class)) {
                String name = argument.getAnnotationMetadata().stringValue(QueryValue.class).filter(s -> !s.isEmpty())
                        .orElse(argument.getName());
                declared.put(name, argument);
            }
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        request.getParameters().forEach(entry -> {
            String name = entry.getKey();
            List<String> values = entry.getValue();
            Argument<?> argument = declared.get(name);
            if (argument == null) {
                errors.add(new Problem.FieldError(name, declared.isEmpty()
                        ? "is not a parameter of this route; it takes no query parameters"
                        : "is not a parameter of this route; it accepts " + String.join(", ", declared.keySet())));
                return;
            }
            boolean many = Collection.class.isAssignableFrom(argument.getType());
            if (!many && values.size() > 1) {
                errors.add(new Problem.FieldError(name, "was given " + values.size() + " times; give it once"));
                return;
            }
            Class<?> type = many ? argument.getFirstTypeVariable().<Class<?>>map(Argument::getType).orElse(String.class)
                    : argument.getType();
            for (String value : values) {
                QueryRules.check(name, type, value).ifPresent(message -> errors.add(new Problem.FieldError(name, message)));
            }
        });
        if (errors.isEmpty()) {
            return null;
        }
        ApiException refused = ApiException.invalid(errors);
        return Problems.response(request, refused.status(), refused.code(), refused.getMessage(), refused.errors());
    }

    @Override
    public int getOrder() {
        return FilterOrder.QUERY;
    }
}
