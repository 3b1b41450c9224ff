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

    /**
     * payment-service's card refusals become one reason for the backer: INSUFFICIENT_FUNDS is a
     * CARD_DECLINED whose decline_code (insufficient_funds) says why.
     */
    private static <T> T call(java.util.function.Supplier<T> rpc) {
        try {
            return Downstream.call(SERVICE, rpc);
        } catch (org.crowdfund.platform.grpc.ServiceException e) {
            if ("INSUFFICIENT_FUNDS".equals(e.reason())) {
                throw new org.crowdfund.platform.grpc.ServiceException(e.code(), "CARD_DECLINED", e.getMessage(),
                        Downstream.metadata(e), java.util.List.of());
            }
            throw e;
        }
    }

    private PaymentServiceGrpc.PaymentServiceBlockingStub stub() {
        return Calls.as(stub, SELF, config.getCallDeadline());
    }

    public Payment saveCard(SavePaymentMethodRequest request) {
        return call(() -> stub().savePaymentMethod(request)).getPayment();
    }

    public Payment authorize(AuthorizeRequest request) {
        return call(() -> stub().authorize(request)).getPayment();
    }

    public Payment charge(ChargeRequest request) {
        return call(() -> stub().charge(request)).getPayment();
    }

    public Payment capture(String key, String paymentId) {
        CaptureRequest request = CaptureRequest.newBuilder().setIdempotencyKey(key).setPaymentId(paymentId).build();
        return call(() -> stub().capture(request)).getPayment();
    }

    public Payment voidHold(String key, String paymentId) {
        VoidRequest request = VoidRequest.newBuilder().setIdempotencyKey(key).setPaymentId(paymentId).build();
        return call(() -> stub().void_(request)).getPayment();
    }

    public Payment refund(String key, String paymentId) {
        RefundRequest request = RefundRequest.newBuilder().setIdempotencyKey(key).setPaymentId(paymentId)
                .setReason("requested_by_customer").build();
        return call(() -> stub().refund(request)).getPayment();
    }

    public ReauthorizeResponse reauthorize(String key, String paymentId) {
        ReauthorizeRequest request = ReauthorizeRequest.newBuilder().setIdempotencyKey(key).setPaymentId(paymentId).build();
        return call(() -> stub().reauthorize(request));
    }

    /** The payment as the provider has it now (after the backer authenticated, for instance). */
    public Payment refresh(String paymentId) {
        return refresh(paymentId, "");
    }

    /** As {@link #refresh(String)}, read for the backer who owns it (its next action's secrets included). */
    public Payment refresh(String paymentId, String backerId) {
        GetPaymentRequest request = GetPaymentRequest.newBuilder().setPaymentId(paymentId).setRefresh(true)
                .setBackerId(backerId).build();
        return call(() -> stub().getPayment(request)).getPayment();
    }
}
