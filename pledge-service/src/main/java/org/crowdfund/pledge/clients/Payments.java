package org.crowdfund.pledge.clients;

import io.grpc.ManagedChannel;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.pledge.app.PledgeConfig;
import org.crowdfund.proto.payment.v1.*;

/**
 * payment-service, always as pledge-service itself (payments are internal to the platform). Every
 * mutating call carries an idempotency key derived from the pledge, so a retry after a crash or a
 * lost answer never moves money twice.
 */
@Singleton
public class Payments {
    static final String SERVICE = "payment-service";
    private static final Principal SELF = Principal.service("pledge-service");

    private final PaymentServiceGrpc.PaymentServiceBlockingStub stub;
    private final PledgeConfig config;

    public Payments(@Named("payment") ManagedChannel channel, PledgeConfig config) {
        this.stub = PaymentServiceGrpc.newBlockingStub(channel);
        this.config = config;
    }

    private PaymentServiceGrpc.PaymentServiceBlockingStub stub() {
        return Calls.as(stub, SELF, config.getCallDeadline());
    }

    public Payment saveCard(SavePaymentMethodRequest request) {
        return Downstream.call(SERVICE, () -> stub().savePaymentMethod(request)).getPayment();
    }

    public Payment authorize(AuthorizeRequest request) {
        return Downstream.call(SERVICE, () -> stub().authorize(request)).getPayment();
    }

    public Payment charge(ChargeRequest request) {
        return Downstream.call(SERVICE, () -> stub().charge(request)).getPayment();
    }

    public Payment capture(String key, String paymentId) {
        CaptureRequest request = CaptureRequest.newBuilder().setIdempotencyKey(key).setPaymentId(paymentId).build();
        return Downstream.call(SERVICE, () -> stub().capture(request)).getPayment();
    }

    public Payment voidHold(String key, String paymentId) {
        VoidRequest request = VoidRequest.newBuilder().setIdempotencyKey(key).setPaymentId(paymentId).build();
        return Downstream.call(SERVICE, () -> stub().void_(request)).getPayment();
    }

    public Payment refund(String key, String paymentId) {
        RefundRequest request = RefundRequest.newBuilder().setIdempotencyKey(key).setPaymentId(paymentId)
                .setReason("requested_by_customer").build();
        return Downstream.call(SERVICE, () -> stub().refund(request)).getPayment();
    }

    public ReauthorizeResponse reauthorize(String key, String paymentId) {
        ReauthorizeRequest request = ReauthorizeRequest.newBuilder().setIdempotencyKey(key).setPaymentId(paymentId).build();
        return Downstream.call(SERVICE, () -> stub().reauthorize(request));
    }

    /** The payment as the provider has it now (after the backer authenticated, for instance). */
    public Payment refresh(String paymentId) {
        GetPaymentRequest request = GetPaymentRequest.newBuilder().setPaymentId(paymentId).setRefresh(true).build();
        return Downstream.call(SERVICE, () -> stub().getPayment(request)).getPayment();
    }
}
