package org.crowdfund.payment.api;

import com.google.protobuf.Timestamp;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentKind;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.store.PaymentStore;
import org.crowdfund.proto.payment.v1.NextAction;
import org.crowdfund.proto.payment.v1.StatusChange;

import java.time.Instant;
import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** Domain to payment.v1 messages (shared by the gRPC endpoint and the PaymentUpdated event). */
public final class PaymentProtos {
    private PaymentProtos() {
    }

    public static org.crowdfund.proto.payment.v1.Payment payment(Payment p) {
        var b = org.crowdfund.proto.payment.v1.Payment.newBuilder()
                .setPaymentId(p.id().toString())
                .setKind(kind(p.kind()))
                .setReference(p.reference())
                .setProviderId(p.providerId() == null ? "" : p.providerId())
                .setStatus(status(p.status()))
                .setAmountMinor(p.amountMinor())
                .setCurrency(p.currency())
                .setAmountCapturableMinor(p.amountCapturableMinor())
                .setAmountCapturedMinor(p.amountCapturedMinor())
                .setAmountRefundedMinor(p.amountRefundedMinor())
                .setCustomerId(p.customerId())
                .setPaymentMethodId(p.paymentMethodId())
                .setOffSession(p.offSession())
                .setFailureReason(p.failureReason())
                .setDeclineCode(p.declineCode())
                .setCreatedAt(timestamp(p.createdAt()))
                .setUpdatedAt(timestamp(p.updatedAt()));
        if (p.captureBefore() != null) {
            b.setCaptureBefore(timestamp(p.captureBefore()));
        }
        if (p.status() == PaymentStatus.REQUIRES_ACTION) {
            b.setNextAction(NextAction.newBuilder().setRedirectUrl(p.nextActionUrl()).setClientSecret(p.clientSecret()));
        }
        if (p.replacesPaymentId() != null) {
            b.setReplacesPaymentId(p.replacesPaymentId().toString());
        }
        if (p.replacedByPaymentId() != null) {
            b.setReplacedByPaymentId(p.replacedByPaymentId().toString());
        }
        return b.build();
    }

    public static StatusChange change(PaymentStore.StatusChange c) {
        return StatusChange.newBuilder().setFromStatus(status(c.from())).setToStatus(status(c.to()))
                .setSource(c.source()).setProviderEventId(c.providerEventId()).setAt(timestamp(c.at())).build();
    }

    public static org.crowdfund.proto.payment.v1.PaymentStatus status(PaymentStatus s) {
        return org.crowdfund.proto.payment.v1.PaymentStatus.valueOf("PAYMENT_STATUS_" + s.name());
    }

    public static org.crowdfund.proto.payment.v1.PaymentKind kind(PaymentKind k) {
        return org.crowdfund.proto.payment.v1.PaymentKind.valueOf("PAYMENT_KIND_" + k.name());
    }

}
