package org.crowdfund.gateway.auth;

import org.crowdfund.platform.grpc.Principal;

/**
 * Who a request is from (anonymous for public reads) and its request id: what the gateway
 * forwards to services, the principal as a token signed with the gateway's own key
 * ({@link org.crowdfund.platform.grpc.Calls}). Controllers receive it as a parameter.
 */
public record Caller(Principal principal, String requestId) {
}
