package org.crowdfund.platform.grpc;

import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import org.crowdfund.platform.identity.IdentitySigner;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Outgoing calls to other services: always with a deadline, and carrying the principal they are
 * made for (the current caller's, or the service's own for background work) as a signed,
 * short-lived token (see {@link IdentitySigner}); an anonymous principal sends none. Failures of
 * the call are turned into what this service's caller must know by {@link Downstream}.
 */
public final class Calls {
    private Calls() {
    }

    public static <S extends AbstractStub<S>> S as(S stub, Principal principal, Duration deadline) {
        return as(stub, principal, CallContext.requestId(), deadline);
    }

    /** As {@link #as(AbstractStub, Principal, Duration)}, with the request id given (the gateway's own). */
    public static <S extends AbstractStub<S>> S as(S stub, Principal principal, String requestId, Duration deadline) {
        S prepared = stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (principal.isAuthenticated()) {
            prepared = prepared.withCallCredentials(new IdentityCredentials(principal, IdentitySigner.installed()));
        }
        if (requestId != null && !requestId.isEmpty()) {
            Metadata metadata = new Metadata();
            metadata.put(CallContext.REQUEST_ID, requestId);
            prepared = prepared.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
        }
        return prepared;
    }
}
