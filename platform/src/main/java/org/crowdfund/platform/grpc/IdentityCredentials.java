package org.crowdfund.platform.grpc;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import org.crowdfund.platform.identity.IdentitySigner;

import java.util.concurrent.Executor;

/**
 * Puts the signed identity of {@code principal} on each call, addressed to the gRPC service
 * being called (its full name, e.g. {@code crowdfund.reservation.v1.ReservationService}), so a
 * token taken from one service cannot be replayed against another.
 */
final class IdentityCredentials extends CallCredentials {
    private final Principal principal;
    private final IdentitySigner signer;

    IdentityCredentials(Principal principal, IdentitySigner signer) {
        this.principal = principal;
        this.signer = signer;
    }

    @Override
    public void applyRequestMetadata(RequestInfo request, Executor appExecutor, MetadataApplier applier) {
        try {
            Metadata headers = new Metadata();
            headers.put(Principal.AUTHORIZATION, "Bearer " + signer.sign(principal, request.getMethodDescriptor().getServiceName()));
            applier.apply(headers);
        } catch (RuntimeException e) {
            applier.fail(Status.UNAUTHENTICATED.withDescription("cannot sign this call's identity: " + e.getMessage()).withCause(e));
        }
    }
}
