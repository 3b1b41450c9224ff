package org.crowdfund.gateway.clients;

import com.google.protobuf.ByteString;
import jakarta.inject.Singleton;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.payment.v1.HandleWebhookRequest;
import org.crowdfund.proto.payment.v1.HandleWebhookResponse;
import org.crowdfund.proto.payment.v1.PaymentServiceGrpc;

/**
 * payment-service, as the gateway uses it: only the Stripe webhook ingress. Payments are moved by
 * pledge-service; browsers never reach payment-service.
 */
@Singleton
public class PaymentClient {
    static final String SERVICE = "payment";
    /** Who the gateway is when it hands a provider webhook on: a platform service, not a browser user. */
    public static final Principal WEBHOOK_PRINCIPAL = Principal.service("gateway");

    private final GrpcChannels channels;
    private final PaymentServiceGrpc.PaymentServiceBlockingStub stub;

    public PaymentClient(GrpcChannels channels) {
        this.channels = channels;
        this.stub = PaymentServiceGrpc.newBlockingStub(channels.open(SERVICE, PaymentServiceGrpc.getServiceDescriptor()));
    }

    /** Hands the webhook on as received: the body's bytes untouched (the signature covers them) and the header. */
    public HandleWebhookResponse handleWebhook(String requestId, byte[] payload, String signature) {
        HandleWebhookRequest request = HandleWebhookRequest.newBuilder().setPayload(ByteString.copyFrom(payload))
                .setSignature(signature == null ? "" : signature).build();
        return channels.call(SERVICE, stub, new Caller(WEBHOOK_PRINCIPAL, requestId), s -> s.handleWebhook(request));
    }
}
