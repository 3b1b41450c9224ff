package org.crowdfund.payment.app;

import org.crowdfund.payment.domain.Payment;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;

/**
 * Payments are internal: platform services (pledge-service, the gateway's webhook ingress) and
 * admins move them. A payment's next-action secrets (client_secret, redirect URL) belong to the
 * backer who owns it: only that backer, or a service acting for that backer, sees them.
 */
public final class Access {
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

    /** Reading a payment: services and admins, or the backer who owns it. */
    static void requireReader(Principal principal, Payment payment) {
        if (!principal.isAuthenticated()) {
            throw ServiceException.unauthenticated("reading a payment needs an authenticated caller");
        }
        if (!principal.isService() && !principal.isAdmin() && !payment.ownedBy(principal.subject())) {
            throw ServiceException.permissionDenied("payment " + payment.id() + " belongs to another backer");
        }
    }

    /**
     * Whether the answer to the RPC that created the payment (SavePaymentMethod, Authorize, Charge)
     * carries its next-action secrets: yes to the service that made it for the owner it named (it
     * hands them to that backer's page), never to an admin.
     */
    public static boolean revealsSecretsToCreator(Principal principal) {
        return principal.isService();
    }

    /**
     * Whether a read answer may carry the payment's next-action secrets: to its owner, or to a
     * service that names the owner as the backer it reads for. Never to an admin or another backer,
     * never in events.
     */
    public static boolean revealsSecrets(Principal principal, Payment payment, String actingForBacker) {
        if (principal.isService()) {
            return payment.ownedBy(actingForBacker);
        }
        return principal.hasRole(Principal.ROLE_BACKER) && payment.ownedBy(principal.subject());
    }
}
