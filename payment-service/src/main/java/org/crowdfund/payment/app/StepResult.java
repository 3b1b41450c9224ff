package org.crowdfund.payment.app;

import org.crowdfund.payment.domain.ProviderSnapshot;

/** One attempt's provider answers: for the operation's payment, the replaced hold, a refund. */
record StepResult(ProviderSnapshot main, ProviderSnapshot previous, String refundId) {

    static StepResult of(ProviderSnapshot main) {
        return new StepResult(main, null, "");
    }
}
