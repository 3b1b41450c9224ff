package org.crowdfund.platform.grpc;

import io.grpc.Context;
import io.grpc.Metadata;

/** The principal and request id of the gRPC call being served on this thread. */
public final class CallContext {
    public static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

    static final Context.Key<Principal> PRINCIPAL_KEY = Context.key("crowdfund-principal");
    static final Context.Key<String> REQUEST_ID_KEY = Context.key("crowdfund-request-id");

    private CallContext() {
    }

    public static Principal principal() {
        Principal principal = PRINCIPAL_KEY.get();
        return principal == null ? Principal.ANONYMOUS : principal;
    }

    /** The caller's principal, or UNAUTHENTICATED when the call carries none. */
    public static Principal requirePrincipal() {
        Principal principal = principal();
        if (!principal.isAuthenticated()) {
            throw ServiceException.unauthenticated("this call needs an authenticated caller");
        }
        return principal;
    }

    public static String requestId() {
        String id = REQUEST_ID_KEY.get();
        return id == null ? "" : id;
    }
}
