package org.crowdfund.payment.provider;

import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.domain.ProviderSnapshot;

/**
 * The provider refused or could not be asked. Carries the provider's view of the object when its
 * error answer included it (a declined PaymentIntent, a hold that expired), so the caller can
 * store the truth even when the operation failed.
 */
public class ProviderException extends RuntimeException {
    private final FailureReason reason;
    private final String declineCode;
    private final String providerCode;
    private final String param;
    private final transient ProviderSnapshot object;

    public ProviderException(FailureReason reason, String message, String declineCode, String providerCode,
                             String param, ProviderSnapshot object, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.declineCode = declineCode == null ? "" : declineCode;
        this.providerCode = providerCode == null ? "" : providerCode;
        this.param = param == null ? "" : param;
        this.object = object;
    }

    public static ProviderException of(FailureReason reason, String message) {
        return new ProviderException(reason, message, null, null, null, null, null);
    }

    public FailureReason reason() {
        return reason;
    }

    public String declineCode() {
        return declineCode;
    }

    public String providerCode() {
        return providerCode;
    }

    public String param() {
        return param;
    }

    /** The provider object as the error answer showed it, or null. */
    public ProviderSnapshot object() {
        return object;
    }
}
