package org.crowdfund.gateway.http;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.management.endpoint.annotation.Endpoint;
import org.crowdfund.gateway.errors.ErrorCodes;
import org.crowdfund.gateway.errors.Problems;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the management port and the public port apart. Micronaut serves its management
 * endpoints (health with details, Prometheus metrics, beans, routes, loggers, ...) only on
 * {@code endpoints.all.port} (MANAGEMENT_PORT); this filter makes the separation two-way: the
 * management port answers nothing but those endpoints, and the public port answers
 * {@code GET /health} with a bare liveness answer, {@code {"status":"UP"}}, so load balancers
 * can probe it without learning anything about the process.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ManagementPortFilter implements Ordered {
    static final String LIVENESS_PATH = "/health";
    private static final Map<String, String> LIVE = Map.of("status", "UP");

    private final int managementPort;
    private final Set<String> endpointPaths;

    public ManagementPortFilter(@Value("${endpoints.all.port:-1}") int managementPort, BeanContext beans) {
        this.managementPort = managementPort;
        this.endpointPaths = beans.getBeanDefinitions(Object.class, Qualifiers.byStereotype(Endpoint.class)).stream()
                .map(d -> d.stringValue(Endpoint.class).or(() -> d.stringValue(Endpoint.class, "id")).orElse(""))
                .filter(id -> !id.isEmpty())
                .map(id -> "/" + id)
                .collect(Collectors.toUnmodifiableSet());
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> separate(HttpRequest<?> request) {
        boolean onManagementPort = managementPort > 0 && localPort(request) == managementPort;
        String path = request.getPath();
        if (onManagementPort) {
            return isEndpoint(path) ? null : Problems.response(request, HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND,
                    "the management port serves only the management endpoints: " + endpointPaths.stream().sorted()
                            .collect(Collectors.joining(", ")), List.of());
        }
        if (path.equals(LIVENESS_PATH) && (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD)) {
            return HttpResponse.ok(LIVE).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return null;
    }

    private boolean isEndpoint(String path) {
        for (String endpoint : endpointPaths) {
            if (path.equals(endpoint) || path.startsWith(endpoint + "/")) {
                return true;
            }
        }
        return false;
    }

    private static int localPort(HttpRequest<?> request) {
        InetSocketAddress local = request.getServerAddress();
        return local == null ? -1 : local.getPort();
    }

    @Override
    public int getOrder() {
        return FilterOrder.PORTS;
    }
}
