package org.crowdfund.gateway.errors;

/**
 * Codes the gateway itself answers with. Refusals from a service carry the service's own
 * reason instead (for example CAMPAIGN_NOT_FOUND), or the gRPC status name when it sent none.
 */
public final class ErrorCodes {
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
    public static final String MALFORMED_JSON = "MALFORMED_JSON";
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    public static final String NOT_ACCEPTABLE = "NOT_ACCEPTABLE";
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String PERMISSION_DENIED = "PERMISSION_DENIED";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    public static final String LOCAL_MODE_ONLY = "LOCAL_MODE_ONLY";
    public static final String BAD_REQUEST = "BAD_REQUEST";
    public static final String INTERNAL = "INTERNAL";

    private ErrorCodes() {
    }
}
