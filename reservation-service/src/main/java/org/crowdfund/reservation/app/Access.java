package org.crowdfund.reservation.app;

import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;

/**
 * Who may act on what. Backers act for themselves (principal subject = backer id); the
 * {@code service} role (pledge-service, gateway jobs) and admins act for anyone. Naming another
 * backer explicitly is PERMISSION_DENIED; another backer's reservation or waitlist entry looked
 * up by id is NOT_FOUND, so ids cannot be probed.
 */
public final class Access {
    private Access() {
    }

    public static boolean privileged(Principal caller) {
        return caller.isService() || caller.isAdmin();
    }

    /** The backer a call acts for: the caller, or (service/admin only) the one it names. */
    public static String actingBacker(Principal caller, String requested) {
        if (requested == null || requested.isBlank() || requested.equals(caller.subject())) {
            if (!caller.isAuthenticated()) {
                throw ServiceException.unauthenticated("this call needs an authenticated backer");
            }
            return caller.subject();
        }
        if (!caller.isAuthenticated()) {
            throw ServiceException.unauthenticated("this call needs an authenticated caller");
        }
        if (!privileged(caller)) {
            throw ServiceException.permissionDenied("you can only act for yourself, not for backer " + requested);
        }
        return requested;
    }

    /** Whether the caller may see and change something that belongs to {@code backerId}. */
    public static boolean owns(Principal caller, String backerId) {
        return privileged(caller) || caller.subject().equals(backerId);
    }

    public static void requirePrivileged(Principal caller, String action) {
        if (!caller.isAuthenticated()) {
            throw ServiceException.unauthenticated(action + " needs an authenticated platform service or admin");
        }
        if (!privileged(caller)) {
            throw ServiceException.permissionDenied(action + " is for pledge-service and admins only");
        }
    }
}
