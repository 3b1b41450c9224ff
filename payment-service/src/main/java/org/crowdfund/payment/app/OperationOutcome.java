package org.crowdfund.payment.app;

import org.crowdfund.payment.domain.Payment;

/** What an operation ended with: the payment it made or acted on (and for re-authorizations the old hold). */
public record OperationOutcome(Payment payment, Payment previous, String refundId, long refundedMinor) {
}
