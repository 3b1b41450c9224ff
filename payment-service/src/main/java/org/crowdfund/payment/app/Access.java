package org.crowdfund.payment.app;

import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;

/** Payments are internal: only platform services (pledge-service, the gateway's webhook ingress) and admins. */
final class Access {
    private Access() {
    }

    static void requireService(Principal principal) {
        if (!principal.isAuthenticated()) {
            throw ServiceException.unauthenticated("payment calls need an authenticated platform service");
        }
        if (!principal.isService() && !principal.isAdmin()) {
            throw ServiceException.permissionDenied("payments are moved by platform services only; your roles: "
                    + principal.roles());
        }
    }
}
