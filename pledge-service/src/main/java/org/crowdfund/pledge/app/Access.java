package org.crowdfund.pledge.app;

import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.proto.campaign.v1.Campaign;

import java.util.UUID;

/** Who may do what with pledges. */
final class Access {
    private Access() {
    }

    static void requireBacker(Principal principal) {
        if (!principal.isAuthenticated()) {
            throw ServiceException.unauthenticated("sign in to pledge");
        }
    }

    /** The campaign's creator, an admin or a platform service. */
    static void requireCampaignOwner(Principal principal, Campaign campaign) {
        requireBacker(principal);
        if (!campaign.getCreatorId().equals(principal.subject()) && !principal.isAdmin() && !principal.isService()) {
            throw ServiceException.permissionDenied("only the campaign's creator or an admin sees its pledges and settlement");
        }
    }

    static ServiceException pledgeNotFound(UUID pledgeId) {
        return ServiceException.notFound("PLEDGE_NOT_FOUND", "no pledge " + pledgeId + " of yours");
    }
}
