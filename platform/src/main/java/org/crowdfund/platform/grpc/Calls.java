package org.crowdfund.platform.grpc;

import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Outgoing calls to other services: always with a deadline, and carrying the principal they are
 * made for (the current caller's, or the service's own for background work).
 */
public final class Calls {
    private Calls() {
    }

    public static <S extends AbstractStub<S>> S as(S stub, Principal principal, Duration deadline) {
        io.grpc.Metadata metadata = principal.toMetadata();
        String requestId = CallContext.requestId();
        if (!requestId.isEmpty()) {
            metadata.put(CallContext.REQUEST_ID, requestId);
        }
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
