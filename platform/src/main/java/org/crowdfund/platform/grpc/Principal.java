package org.crowdfund.platform.grpc;

import io.grpc.Metadata;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling, as the gateway authenticated them. Travels as gRPC metadata; services trust
 * it because only the gateway and other services can reach them (see k8s network policies).
 */
public record Principal(String subject, Set<String> roles, String email, String name) {
    public static final Metadata.Key<String> SUBJECT = key("x-crowdfund-subject");
    public static final Metadata.Key<String> ROLES = key("x-crowdfund-roles");
    public static final Metadata.Key<String> EMAIL = key("x-crowdfund-email");
    public static final Metadata.Key<String> NAME = key("x-crowdfund-name");

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

    public static Principal fromMetadata(Metadata headers) {
        String subject = headers.get(SUBJECT);
        if (subject == null || subject.isBlank()) {
            return ANONYMOUS;
        }
        String roles = headers.get(ROLES);
        Set<String> roleSet = roles == null ? Set.of() : Arrays.stream(roles.split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new Principal(subject, roleSet, headers.get(EMAIL), headers.get(NAME));
    }

    public Metadata toMetadata() {
        Metadata metadata = new Metadata();
        if (isAuthenticated()) {
            metadata.put(SUBJECT, subject);
            metadata.put(ROLES, String.join(",", roles));
            if (!email.isEmpty()) {
                metadata.put(EMAIL, email);
            }
            if (!name.isEmpty()) {
                metadata.put(NAME, name);
            }
        }
        return metadata;
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
