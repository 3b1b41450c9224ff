package org.crowdfund.payment.events;

import jakarta.inject.Singleton;
import org.crowdfund.payment.api.PaymentProtos;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.events.Outbox;
import org.crowdfund.proto.events.v1.PaymentUpdated;
import org.crowdfund.platform.grpc.ProtoTime;

/**
 * What payment-service tells the platform, written to the outbox in the transaction of the change.
 * Events carry what every subscriber may see: never a client_secret or redirect URL.
 */
@Singleton
public class PaymentEvents {
    private final Outbox outbox;

    public PaymentEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void updated(Payment payment, PaymentStatus previous, String source, String providerEventId) {
        outbox.append(EventSubjects.PAYMENT_UPDATED, payment.id().toString(), PaymentUpdated.newBuilder()
                .setState(PaymentProtos.state(payment))
                .setPreviousStatus(PaymentProtos.status(previous))
                .setSource(source)
                .setProviderEventId(providerEventId == null ? "" : providerEventId)
                .setUpdatedAt(ProtoTime.timestamp(payment.updatedAt()))
                .build());
    }
}
