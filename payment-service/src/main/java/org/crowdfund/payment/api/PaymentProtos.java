package org.crowdfund.payment.api;

import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentKind;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.store.PaymentStore;
import org.crowdfund.proto.events.v1.PaymentState;
import org.crowdfund.proto.payment.v1.NextAction;
import org.crowdfund.proto.payment.v1.NextActionType;
import org.crowdfund.proto.payment.v1.StatusChange;

import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/** Domain to payment.v1 messages (the gRPC endpoint) and to the PaymentUpdated event's PaymentState. */
public final class PaymentProtos {
    private PaymentProtos() {
    }

    /**
     * The payment as an RPC answer; {@code withSecrets} (only for its owning backer, see
     * Access.revealsSecrets) adds next_action's redirect URL and client secret.
     */
    public static org.crowdfund.proto.payment.v1.Payment payment(Payment p, boolean withSecrets) {
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
                .setUpdatedAt(timestamp(p.updatedAt()))
                .setBackerId(p.backerId());
        if (p.captureBefore() != null) {
            b.setCaptureBefore(timestamp(p.captureBefore()));
        }
        if (p.status() == PaymentStatus.REQUIRES_ACTION) {
            NextAction.Builder action = NextAction.newBuilder().setType(nextActionType(p.nextActionType()));
            if (withSecrets) {
                action.setRedirectUrl(p.nextActionUrl()).setClientSecret(p.clientSecret());
            }
            b.setNextAction(action);
        }
        if (p.replacesPaymentId() != null) {
            b.setReplacesPaymentId(p.replacesPaymentId().toString());
        }
        if (p.replacedByPaymentId() != null) {
            b.setReplacedByPaymentId(p.replacedByPaymentId().toString());
        }
        return b.build();
    }

    /** The payment as every event subscriber may see it: no next-action secrets, no card details. */
    public static PaymentState state(Payment p) {
        var b = PaymentState.newBuilder()
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
                .setOffSession(p.offSession())
                .setFailureReason(p.failureReason())
                .setDeclineCode(p.declineCode())
                .setNextActionType(nextActionType(p.nextActionType()))
                .setBackerId(p.backerId())
                .setCreatedAt(timestamp(p.createdAt()))
                .setUpdatedAt(timestamp(p.updatedAt()));
        if (p.captureBefore() != null) {
            b.setCaptureBefore(timestamp(p.captureBefore()));
        }
        if (p.replacesPaymentId() != null) {
            b.setReplacesPaymentId(p.replacesPaymentId().toString());
        }
        if (p.replacedByPaymentId() != null) {
            b.setReplacedByPaymentId(p.replacedByPaymentId().toString());
        }
        return b.build();
    }

    public static NextActionType nextActionType(org.crowdfund.payment.domain.NextActionType type) {
        return switch (type) {
            case NONE -> NextActionType.NEXT_ACTION_TYPE_UNSPECIFIED;
            case REDIRECT_TO_URL -> NextActionType.NEXT_ACTION_TYPE_REDIRECT_TO_URL;
            case USE_STRIPE_SDK -> NextActionType.NEXT_ACTION_TYPE_USE_STRIPE_SDK;
        };
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
