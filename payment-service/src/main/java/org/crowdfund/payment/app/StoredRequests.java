package org.crowdfund.payment.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.provider.ProviderException;
import org.crowdfund.payment.provider.StripePaymentGateway;
import org.crowdfund.payment.store.OperationStore.OperationRecord;

import java.util.Map;

/** What the provider steps share: the stored request, the metadata that finds objects again, declines. */
final class StoredRequests {
    private StoredRequests() {
    }

    static <T extends Message> T parse(OperationRecord record, Parser<T> parser) {
        try {
            return parser.parseFrom(record.request());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored request of operation " + record.id() + " is unreadable", e);
        }
    }

    /** Names our payment and operation on the provider's object, so a lost answer can be found again. */
    static Map<String, String> metadata(OperationRecord record, Payment payment) {
        return Map.of(StripePaymentGateway.META_PAYMENT_ID, payment.id().toString(),
                StripePaymentGateway.META_OPERATION_ID, record.id().toString(),
                StripePaymentGateway.META_REFERENCE, payment.reference());
    }

    /** A decline found in an intent's state (e.g. adopted after a crash) is a refusal like the 402 it was. */
    static ProviderSnapshot failIfDeclined(ProviderSnapshot snapshot) {
        if (snapshot.status() == PaymentStatus.FAILED) {
            FailureReason reason = snapshot.failureReason() == null ? FailureReason.CARD_DECLINED
                    : FailureReason.valueOf(snapshot.failureReason());
            throw new ProviderException(reason, "the provider declined the payment", snapshot.declineCode(), null,
                    null, snapshot, null);
        }
        return snapshot;
    }
}
