package org.crowdfund.gateway.http;

import io.micronaut.http.filter.ServerFilterPhase;

/**
 * The order of the gateway's own filters around Micronaut's. Request filters run in ascending
 * order and response filters in the reverse order, so the security headers filter, outermost,
 * sees every answer, including those another filter gave instead of the controller.
 */
final class FilterOrder {
    /** Security headers, on every answer. */
    static final int HEADERS = ServerFilterPhase.FIRST.order() - 100;
    /** Management port apart from the public one. */
    static final int PORTS = ServerFilterPhase.FIRST.order() + 1;
    /** Refuse presented credentials that did not authenticate (after micronaut-security ran). */
    static final int CREDENTIALS = ServerFilterPhase.SECURITY.after();
    /** Query parameters the route declares, with values of their type. */
    static final int QUERY = CREDENTIALS + 1;
    /** Strict JSON bodies. */
    static final int BODY = CREDENTIALS + 2;

    private FilterOrder() {
    }
}
