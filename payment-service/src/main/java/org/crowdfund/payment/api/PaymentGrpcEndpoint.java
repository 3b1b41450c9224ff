package org.crowdfund.payment.api;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.crowdfund.payment.app.Access;
import org.crowdfund.payment.app.PaymentOperations;
import org.crowdfund.payment.app.PaymentQueries;
import org.crowdfund.payment.app.WebhookIngestion;
import org.crowdfund.platform.grpc.CallContext;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.proto.payment.v1.*;

import java.util.UUID;

/** payment.v1 over gRPC: maps requests to use cases and results back; no rules live here. */
@Singleton
public class PaymentGrpcEndpoint extends PaymentServiceGrpc.PaymentServiceImplBase {
    private final PaymentOperations operations;
    private final PaymentQueries queries;
    private final WebhookIngestion webhooks;

    public PaymentGrpcEndpoint(PaymentOperations operations, PaymentQueries queries, WebhookIngestion webhooks) {
        this.operations = operations;
        this.queries = queries;
        this.webhooks = webhooks;
    }

    @Override
    public void savePaymentMethod(SavePaymentMethodRequest r, StreamObserver<SavePaymentMethodResponse> out) {
        var outcome = operations.savePaymentMethod(CallContext.principal(), r);
        reply(out, SavePaymentMethodResponse.newBuilder().setPayment(forCreator(outcome.payment()))
                .build());
    }

    @Override
    public void authorize(AuthorizeRequest r, StreamObserver<AuthorizeResponse> out) {
        var outcome = operations.authorize(CallContext.principal(), r);
        reply(out, AuthorizeResponse.newBuilder().setPayment(forCreator(outcome.payment())).build());
    }

    @Override
    public void charge(ChargeRequest r, StreamObserver<ChargeResponse> out) {
        var outcome = operations.charge(CallContext.principal(), r);
        reply(out, ChargeResponse.newBuilder().setPayment(forCreator(outcome.payment())).build());
    }

    @Override
    public void capture(CaptureRequest r, StreamObserver<CaptureResponse> out) {
        var outcome = operations.capture(CallContext.principal(), r);
        reply(out, CaptureResponse.newBuilder().setPayment(PaymentProtos.payment(outcome.payment(), false)).build());
    }

    @Override
    public void void_(VoidRequest r, StreamObserver<VoidResponse> out) {
        var outcome = operations.voidHold(CallContext.principal(), r);
        reply(out, VoidResponse.newBuilder().setPayment(PaymentProtos.payment(outcome.payment(), false)).build());
    }

    @Override
    public void refund(RefundRequest r, StreamObserver<RefundResponse> out) {
        var outcome = operations.refund(CallContext.principal(), r);
        reply(out, RefundResponse.newBuilder().setPayment(PaymentProtos.payment(outcome.payment(), false))
                .setRefundId(outcome.refundId()).setRefundedMinor(outcome.refundedMinor()).build());
    }

    @Override
    public void reauthorize(ReauthorizeRequest r, StreamObserver<ReauthorizeResponse> out) {
        var outcome = operations.reauthorize(CallContext.principal(), r);
        var response = ReauthorizeResponse.newBuilder().setPayment(PaymentProtos.payment(outcome.payment(), false));
        if (outcome.previous() != null) {
            response.setPrevious(PaymentProtos.payment(outcome.previous(), false));
        }
        reply(out, response.build());
    }

    @Override
    public void getPayment(GetPaymentRequest r, StreamObserver<GetPaymentResponse> out) {
        var view = queries.get(CallContext.principal(), id(r.getPaymentId()), r.getRefresh());
        reply(out, GetPaymentResponse.newBuilder().setPayment(forBacker(view.payment(), r.getBackerId()))
                .addAllHistory(view.history().stream().map(PaymentProtos::change).toList()).build());
    }

    @Override
    public void handleWebhook(HandleWebhookRequest r, StreamObserver<HandleWebhookResponse> out) {
        var handled = webhooks.handle(CallContext.principal(), r.getPayload().toByteArray(), r.getSignature());
        reply(out, HandleWebhookResponse.newBuilder().setEventId(handled.eventId()).setEventType(handled.eventType())
                .setOutcome(WebhookOutcome.valueOf("WEBHOOK_OUTCOME_" + handled.outcome().name()))
                .setPaymentId(handled.paymentId() == null ? "" : handled.paymentId().toString()).build());
    }

    /** The payment just created for its owner, with next-action secrets for the service that made it. */
    private static org.crowdfund.proto.payment.v1.Payment forCreator(org.crowdfund.payment.domain.Payment payment) {
        return PaymentProtos.payment(payment, Access.revealsSecretsToCreator(CallContext.principal()));
    }

    /** The payment, with next-action secrets only when the caller is (or reads for) its owning backer. */
    private static org.crowdfund.proto.payment.v1.Payment forBacker(org.crowdfund.payment.domain.Payment payment,
                                                                    String actingForBacker) {
        return PaymentProtos.payment(payment, Access.revealsSecrets(CallContext.principal(), payment, actingForBacker));
    }

    private static UUID id(String value) {
        if (value == null || value.isEmpty()) {
            throw ServiceException.invalid("payment_id", "is required");
        }
        return Ids.parse(value).orElseThrow(() -> ServiceException.invalid("payment_id", "must be a UUID, got '" + value + "'"));
    }

    private static <T> void reply(StreamObserver<T> out, T response) {
        out.onNext(response);
        out.onCompleted();
    }
}
