package org.crowdfund.campaign.app;

import org.crowdfund.campaign.domain.Campaign;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;

/** Who may do what to a campaign. */
final class Access {
    private Access() {
    }

    static void requireCreatorRole(Principal principal) {
        requireAuthenticated(principal);
        if (!principal.hasRole(Principal.ROLE_CREATOR) && !principal.isAdmin()) {
            throw ServiceException.permissionDenied("only creators can start campaigns; your roles: " + principal.roles());
        }
    }

    static void requireOwner(Principal principal, Campaign campaign) {
        requireAuthenticated(principal);
        if (!campaign.isOwnedBy(principal.subject()) && !principal.isAdmin()) {
            throw ServiceException.permissionDenied("campaign " + campaign.id() + " belongs to another creator");
        }
    }

    static void requireService(Principal principal) {
        requireAuthenticated(principal);
        if (!principal.isService() && !principal.isAdmin()) {
            throw ServiceException.permissionDenied("only platform services record or release pledges");
        }
    }

    /** Drafts are private to their creator (and admins); to anyone else they don't exist. */
    static boolean canSee(Principal principal, Campaign campaign) {
        return campaign.status().isPublic() || campaign.isOwnedBy(principal.subject()) || principal.isAdmin()
                || principal.isService();
    }

    private static void requireAuthenticated(Principal principal) {
        if (!principal.isAuthenticated()) {
            throw ServiceException.unauthenticated("sign in to change campaigns");
        }
    }
}
