package org.crowdfund.platform.identity;

import io.grpc.Status;
import org.crowdfund.platform.grpc.ServiceException;

/** Why a call's identity was not accepted (docs/architecture.md, "Identity between processes"). */
public final class IdentityRefusals {
    /** The call carries the old, unsigned x-crowdfund-subject/-roles metadata. */
    public static final String IDENTITY_UNSIGNED = "IDENTITY_UNSIGNED";
    /** Not a compact ES256 JWT in {@code authorization: Bearer}, or claims missing. */
    public static final String IDENTITY_MALFORMED = "IDENTITY_MALFORMED";
    /** Signed by a key this service does not trust. */
    public static final String IDENTITY_UNKNOWN_SIGNER = "IDENTITY_UNKNOWN_SIGNER";
    /** The signature does not match, or the issuer is not the key's owner. */
    public static final String IDENTITY_BAD_SIGNATURE = "IDENTITY_BAD_SIGNATURE";
    /** Expired, not yet valid, or valid for longer than tokens may be. */
    public static final String IDENTITY_EXPIRED = "IDENTITY_EXPIRED";
    /** Issued for another service. */
    public static final String IDENTITY_WRONG_AUDIENCE = "IDENTITY_WRONG_AUDIENCE";
    /** Claims the service role for another process than the signer. */
    public static final String IDENTITY_FORGED_SERVICE = "IDENTITY_FORGED_SERVICE";
    /** A genuine service identity, but this service does not take service calls from it. */
    public static final String SERVICE_CALLER_NOT_ALLOWED = "SERVICE_CALLER_NOT_ALLOWED";

    private IdentityRefusals() {
    }

    static ServiceException unauthenticated(String reason, String message) {
        return new ServiceException(Status.Code.UNAUTHENTICATED, reason, message);
    }
}
