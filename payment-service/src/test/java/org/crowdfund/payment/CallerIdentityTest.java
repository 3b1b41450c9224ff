package org.crowdfund.payment;

import io.grpc.StatusRuntimeException;
import org.crowdfund.proto.payment.v1.PaymentServiceGrpc;
import org.crowdfund.proto.payment.v1.PaymentStatus;
import org.crowdfund.testsupport.ForgedIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.payment.PaymentApi.errorInfo;
import static org.crowdfund.payment.PaymentApi.refused;
import static org.crowdfund.payment.PaymentApi.saveRequest;

/**
 * Only a verified identity counts: SavePaymentMethod (pledge-service's, role {@code service})
 * refuses every bare, forged, expired, foreign-signed or misaddressed claim of being
 * pledge-service before anything reaches Stripe; the same claim properly signed is accepted.
 */
class CallerIdentityTest {

    private static PaymentServiceGrpc.PaymentServiceBlockingStub stub() {
        return PaymentServiceGrpc.newBlockingStub(PaymentServiceHarness.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(ForgedIdentity.class)
    void savePaymentMethodRefusesABareOrForgedIdentity(ForgedIdentity forged) {
        StatusRuntimeException e = refused(() -> forged.attach(stub(), PaymentServiceGrpc.SERVICE_NAME)
                .savePaymentMethod(saveRequest("pm_card_visa")));

        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(forged.code());
        assertThat(errorInfo(e).getReason()).isEqualTo(forged.reason());
    }

    @Test
    void savePaymentMethodAcceptsPledgeServicesGenuinelySignedIdentity() {
        var saved = ForgedIdentity.genuine(stub(), PaymentServiceGrpc.SERVICE_NAME)
                .savePaymentMethod(saveRequest("pm_card_visa")).getPayment();

        assertThat(saved.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_SUCCEEDED);
    }
}
