package org.crowdfund.platform.grpc;

import io.grpc.Metadata;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, as the gateway authenticated them or as a service is itself. Travels between
 * processes only as a signed, short-lived token ({@link Calls}, verified by
 * {@link ServerCallInterceptor}); never as bare metadata.
 */
public record Principal(String subject, Set<String> roles, String email, String name) {
    /** Where the identity token travels: {@code authorization: Bearer <ES256 JWT>}. */
    public static final Metadata.Key<String> AUTHORIZATION = key("authorization");
    /**
     * The unsigned claims callers used to send; a call carrying any of them is refused, so that
     * a caller still sending them learns it at once instead of acting anonymously.
     */
    public static final List<Metadata.Key<String>> UNSIGNED_CLAIMS = List.of(key("x-crowdfund-subject"),
            key("x-crowdfund-roles"), key("x-crowdfund-email"), key("x-crowdfund-name"));

    public static final String ROLE_BACKER = "backer";
    public static final String ROLE_CREATOR = "creator";
    public static final String ROLE_ADMIN = "admin";
    /** Other services of the platform calling on their own behalf (jobs, sagas). */
    public static final String ROLE_SERVICE = "service";

    public static final Principal ANONYMOUS = new Principal("", Set.of(), "", "");

    public Principal {
        subject = subject == null ? "" : subject;
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        email = email == null ? "" : email;
        name = name == null ? "" : name;
    }

    public static Principal of(String subject, String... roles) {
        return new Principal(subject, Set.of(roles), "", "");
    }

    public static Principal service(String serviceName) {
        return of(serviceName, ROLE_SERVICE);
    }

    public boolean isAuthenticated() {
        return !subject.isEmpty();
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole(ROLE_ADMIN);
    }

    public boolean isService() {
        return hasRole(ROLE_SERVICE);
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
