package org.crowdfund.payment;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.nats.client.api.MessageInfo;
import org.crowdfund.proto.events.v1.EventSubjects;
import org.crowdfund.platform.events.EventsConfiguration;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.PaymentUpdated;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.MoneyMovement;
import org.crowdfund.stripe.emulator.StripeEmulator;
import org.crowdfund.stripe.emulator.TestCard;
import org.crowdfund.testsupport.StreamReader;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Test helpers: pledge-service's view of payments, the emulator's ledger, and error inspection. */
final class PaymentApi {
    static final Principal PLEDGE_SERVICE = Principal.service("pledge-service");

    private PaymentApi() {
    }

    static PaymentServiceGrpc.PaymentServiceBlockingStub payments() {
        return as(PLEDGE_SERVICE);
    }

    static PaymentServiceGrpc.PaymentServiceBlockingStub as(Principal principal) {
        return Calls.as(PaymentServiceGrpc.newBlockingStub(PaymentServiceHarness.channel()), principal,
                Duration.ofSeconds(30));
    }

    static StripeEmulator stripe() {
        return PaymentServiceHarness.stripe();
    }

    static String key(String operation) {
        return "pledge-" + UUID.randomUUID() + ":" + operation;
    }

    static SavePaymentMethodRequest saveRequest(String paymentMethod) {
        String backer = "backer-" + UUID.randomUUID();
        return SavePaymentMethodRequest.newBuilder().setIdempotencyKey(key("save")).setBackerId(backer)
                .setEmail(backer + "@example.org").setName("Ada Backer").setPaymentMethod(paymentMethod)
                .setReference("pledge-" + UUID.randomUUID()).build();
    }

    /** A card saved to a new backer's customer, ready for off-session use. */
    static Payment savedCard(TestCard card) {
        Payment setup = payments().savePaymentMethod(saveRequest(card.token())).getPayment();
        assertThat(setup.getStatus()).as(card + " saves").isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        return setup;
    }

    /** A card that asks for 3D Secure when saved, saved after the backer authenticated. */
    static Payment authenticatedCard(TestCard card) {
        Payment setup = payments().savePaymentMethod(saveRequest(card.token())).getPayment();
        assertThat(setup.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION);
        stripe().completeAuthentication(setup.getProviderId(), true);
        Payment saved = payments().getPayment(GetPaymentRequest.newBuilder().setPaymentId(setup.getPaymentId())
                .setRefresh(true).build()).getPayment();
        assertThat(saved.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
        return saved;
    }

    static AuthorizeRequest.Builder authorizeRequest(Payment card, long amount) {
        return AuthorizeRequest.newBuilder().setIdempotencyKey(key("authorize")).setReference(card.getReference())
                .setBackerId(card.getBackerId()).setCustomerId(card.getCustomerId()).setPaymentMethodId(card.getPaymentMethodId())
                .setAmountMinor(amount).setCurrency("USD").setOffSession(true);
    }

    static ChargeRequest.Builder chargeRequest(Payment card, long amount) {
        return ChargeRequest.newBuilder().setIdempotencyKey(key("charge")).setReference(card.getReference())
                .setBackerId(card.getBackerId()).setCustomerId(card.getCustomerId()).setPaymentMethodId(card.getPaymentMethodId())
                .setAmountMinor(amount).setCurrency("USD").setOffSession(true);
    }

    static Payment authorized(long amount) {
        return payments().authorize(authorizeRequest(savedCard(TestCard.VISA), amount).build()).getPayment();
    }

    static Payment captured(long amount) {
        Payment hold = authorized(amount);
        return payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                .setPaymentId(hold.getPaymentId()).build()).getPayment();
    }

    static GetPaymentResponse get(String paymentId) {
        return payments().getPayment(GetPaymentRequest.newBuilder().setPaymentId(paymentId).build());
    }

    static long movements(String paymentIntent, MoneyMovement.Type type) {
        return stripe().ledger().count(paymentIntent, type);
    }

    static List<MoneyMovement.Type> ledgerOf(String paymentIntent) {
        return stripe().ledger().movementsOf(paymentIntent).stream().map(MoneyMovement::type).toList();
    }

    /** Runs the call, expects it to fail, and returns the failure for inspection. */
    static StatusRuntimeException refused(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("the call should have been refused").isNotNull();
        return e;
    }

    static ErrorInfo errorInfo(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return ErrorInfo.getDefaultInstance();
        }
        return status.getDetailsList().stream().filter(d -> d.is(ErrorInfo.class)).findFirst().map(d -> {
            try {
                return d.unpack(ErrorInfo.class);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).orElse(ErrorInfo.getDefaultInstance());
    }

    static Map<String, String> metadata(StatusRuntimeException e) {
        return errorInfo(e).getMetadataMap();
    }

    static StatusRuntimeException assertRefused(Runnable call, Status.Code code, String reason) {
        StatusRuntimeException e = refused(call);
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        assertThat(errorInfo(e).getReason()).as(e.getStatus().toString()).isEqualTo(reason);
        return e;
    }

    /** PaymentUpdated events about one payment on this test run's stream, oldest first. */
    static List<PaymentUpdated> updatesOf(String paymentId) {
        EventsConfiguration config = PaymentServiceHarness.context().getBean(EventsConfiguration.class);
        return StreamReader.all(config.getNatsUrl(), config.getStream()).stream()
                .filter(m -> m.getSubject().equals(config.subject(EventSubjects.PAYMENT_UPDATED)))
                .map(PaymentApi::envelope)
                .filter(e -> e.getSubject().equals(paymentId))
                .map(e -> {
                    try {
                        return e.getData().unpack(PaymentUpdated.class);
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }).toList();
    }

    private static EventEnvelope envelope(MessageInfo m) {
        try {
            return EventEnvelope.parseFrom(m.getData());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
