package org.crowdfund.payment;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.events.v1.PaymentUpdated;
import org.crowdfund.proto.payment.v1.*;
import org.crowdfund.stripe.emulator.TestCard;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crowdfund.payment.PaymentApi.*;

/**
 * A client_secret (and the redirect URL that works like one) goes only to the backer who owns the
 * payment: never into an event, the outbox or a log line, never to another backer or an admin.
 */
class ClientSecretTest {

    @Test
    void onlyTheOwningBackerOrAServiceActingForThemGetsTheNextActionsSecrets() {
        SavePaymentMethodRequest save = saveRequest(TestCard.AUTHENTICATION_REQUIRED.token());
        Payment setup = payments().savePaymentMethod(save).getPayment();
        assertThat(setup.getNextAction().getClientSecret()).as("the service acting for the backer")
                .startsWith(setup.getProviderId() + "_secret_");
        String id = setup.getPaymentId();

        Payment forService = payments().getPayment(GetPaymentRequest.newBuilder().setPaymentId(id).build()).getPayment();
        assertThat(forService.getNextAction().getType()).isEqualTo(NextActionType.NEXT_ACTION_TYPE_REDIRECT_TO_URL);
        assertThat(forService.getNextAction().getClientSecret()).isEmpty();
        assertThat(forService.getNextAction().getRedirectUrl()).isEmpty();

        Payment forOwner = payments().getPayment(GetPaymentRequest.newBuilder().setPaymentId(id)
                .setBackerId(save.getBackerId()).build()).getPayment();
        assertThat(forOwner.getNextAction().getClientSecret()).isEqualTo(setup.getNextAction().getClientSecret());
        assertThat(forOwner.getNextAction().getRedirectUrl()).isNotEmpty();

        Payment asOwner = as(Principal.of(save.getBackerId(), Principal.ROLE_BACKER)).getPayment(
                GetPaymentRequest.newBuilder().setPaymentId(id).build()).getPayment();
        assertThat(asOwner.getNextAction().getClientSecret()).isEqualTo(setup.getNextAction().getClientSecret());

        Payment forOther = payments().getPayment(GetPaymentRequest.newBuilder().setPaymentId(id)
                .setBackerId("someone-else").build()).getPayment();
        assertThat(forOther.getNextAction().getClientSecret()).isEmpty();
        Payment asAdmin = as(Principal.of("ops", Principal.ROLE_ADMIN)).getPayment(GetPaymentRequest.newBuilder()
                .setPaymentId(id).build()).getPayment();
        assertThat(asAdmin.getNextAction().getClientSecret()).isEmpty();
        assertRefused(() -> as(Principal.of("someone-else", Principal.ROLE_BACKER)).getPayment(
                GetPaymentRequest.newBuilder().setPaymentId(id).build()), Status.Code.PERMISSION_DENIED,
                "PERMISSION_DENIED");
    }

    @Test
    void noClientSecretReachesTheOutboxTheEventsOrTheLogsOfAFullAuthenticationRun() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger service = loggers.getLogger("org.crowdfund");
        Level level = service.getLevel();
        // everything the service would log at its most verbose
        service.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
        List<String> secrets = new ArrayList<>();
        List<String> paymentIds = new ArrayList<>();
        try {
            SavePaymentMethodRequest save = saveRequest(TestCard.AUTHENTICATION_REQUIRED.token());
            Payment setup = payments().savePaymentMethod(save).getPayment();
            secrets.add(setup.getNextAction().getClientSecret());
            paymentIds.add(setup.getPaymentId());
            stripe().completeAuthentication(setup.getProviderId(), true);
            Payment saved = await().atMost(Duration.ofSeconds(15)).until(() -> payments().getPayment(GetPaymentRequest
                    .newBuilder().setPaymentId(setup.getPaymentId()).setRefresh(true).build()).getPayment(),
                    p -> p.getStatus() == PaymentStatus.PAYMENT_STATUS_SUCCEEDED);

            Payment hold = payments().authorize(authorizeRequest(saved, 2_000).setOffSession(false).build()).getPayment();
            assertThat(hold.getStatus()).isEqualTo(PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION);
            secrets.add(hold.getNextAction().getClientSecret());
            paymentIds.add(hold.getPaymentId());
            stripe().completeAuthentication(hold.getProviderId(), true);
            await().atMost(Duration.ofSeconds(15)).until(() -> updatesOf(hold.getPaymentId()).stream()
                    .anyMatch(u -> u.getState().getStatus() == PaymentStatus.PAYMENT_STATUS_AUTHORIZED));
            payments().capture(CaptureRequest.newBuilder().setIdempotencyKey(key("capture"))
                    .setPaymentId(hold.getPaymentId()).build());
        } finally {
            root.detachAppender(logs);
            service.setLevel(level);
        }
        assertThat(secrets).allSatisfy(secret -> assertThat(secret).contains("_secret_"));

        List<PaymentUpdated> events = new ArrayList<>();
        paymentIds.forEach(id -> events.addAll(updatesOf(id)));
        assertThat(events).extracting(u -> u.getState().getNextActionType())
                .contains(NextActionType.NEXT_ACTION_TYPE_REDIRECT_TO_URL);
        for (String secret : secrets) {
            assertThat(events).noneMatch(u -> u.toByteString().toStringUtf8().contains(secret));
            assertThat(outboxEnvelopes(paymentIds)).isNotEmpty().noneMatch(bytes -> bytes.contains(secret));
            assertThat(logs.list).isNotEmpty().noneMatch(event -> event.getFormattedMessage().contains(secret)
                    || (event.getThrowableProxy() != null
                    && ThrowableProxyUtil.asString(event.getThrowableProxy()).contains(secret)));
        }
        assertThat(logs.list).noneMatch(event -> event.getFormattedMessage().contains("_secret_"));
    }

    private static List<String> outboxEnvelopes(List<String> paymentIds) throws Exception {
        List<String> envelopes = new ArrayList<>();
        try (Connection connection = PaymentServiceHarness.database();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT envelope FROM outbox WHERE aggregate_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("text", paymentIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    envelopes.add(new String(rows.getBytes(1), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return envelopes;
    }
}
