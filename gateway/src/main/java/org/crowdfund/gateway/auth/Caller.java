package org.crowdfund.gateway.auth;

import io.grpc.Metadata;
import org.crowdfund.platform.grpc.CallContext;
import org.crowdfund.platform.grpc.Principal;

/**
 * Who a request is from (anonymous for public reads) and its request id: what the gateway
 * forwards to services as gRPC metadata. Controllers receive it as a parameter.
 */
public record Caller(Principal principal, String requestId) {

    public Metadata toMetadata() {
        Metadata metadata = principal.toMetadata();
        if (!requestId.isEmpty()) {
            metadata.put(CallContext.REQUEST_ID, requestId);
        }
        return metadata;
    }
}
