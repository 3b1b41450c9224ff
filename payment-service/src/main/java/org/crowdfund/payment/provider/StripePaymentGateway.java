package org.crowdfund.payment.provider;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.SetupIntentRetrieveParams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The only code that talks to Stripe, through stripe-java. Every mutating call carries the
 * deterministic Idempotency-Key it is given and metadata naming our payment and operation (so
 * the object can be found again after a crash); every answer comes back as a
 * {@link ProviderSnapshot}, every refusal as a {@link ProviderException} with a stable reason.
 */
@Singleton
public class StripePaymentGateway {
    public static final String META_PAYMENT_ID = "crowdfund_payment_id";
    public static final String META_OPERATION_ID = "crowdfund_operation_id";
    public static final String META_REFERENCE = "crowdfund_reference";
    public static final String META_BACKER_ID = "crowdfund_backer_id";

    private static final Logger LOG = LoggerFactory.getLogger(StripePaymentGateway.class);

    private final StripeClient stripe;
    private final ProviderThrottle throttle;
    private final MeterRegistry meters;

    public StripePaymentGateway(StripeConfiguration config, ProviderThrottle throttle, MeterRegistry meters) {
        config.requireUsable();
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(config.getApiKey())
                .setMaxNetworkRetries(config.getMaxNetworkRetries())
                .setConnectTimeout((int) config.getConnectTimeout().toMillis())
                .setReadTimeout((int) config.getReadTimeout().toMillis())
                .setHttpClient(new ThrottledHttpClient(throttle));
        if (!config.getApiBase().isEmpty()) {
            builder.setApiBase(config.getApiBase());
        }
        this.stripe = builder.build();
        this.throttle = throttle;
        this.meters = meters;
    }

    /** The backer's customer; the key makes concurrent first saves of one backer create one customer. */
    public String createCustomer(String backerId, String email, String name, String idempotencyKey) {
        CustomerCreateParams.Builder params = CustomerCreateParams.builder().putMetadata(META_BACKER_ID, backerId);
        if (!email.isEmpty()) {
            params.setEmail(email);
        }
        if (!name.isEmpty()) {
            params.setName(name);
        }
        Customer customer = call("customer.create",
                () -> stripe.v1().customers().create(params.build(), key(idempotencyKey)));
        return customer.getId();
    }

    /** Saves the card to the customer for off-session use; verifies it, maybe asking for 3D Secure. */
    public ProviderSnapshot setUpCard(String customerId, String paymentMethod, Map<String, String> metadata,
                                      String returnUrl, String idempotencyKey) {
        SetupIntentCreateParams.Builder params = SetupIntentCreateParams.builder()
                .setCustomer(customerId)
                .setPaymentMethod(paymentMethod)
                .addPaymentMethodType("card")
                .setUsage(SetupIntentCreateParams.Usage.OFF_SESSION)
                .setConfirm(true)
                .putAllMetadata(metadata);
        if (!returnUrl.isEmpty()) {
            // with a return URL Stripe answers redirect_to_url; without one, use_stripe_sdk (Stripe.js only)
            params.setReturnUrl(returnUrl);
        }
        return StripeObjects.setupIntent(call("setup_intent.create",
                () -> stripe.v1().setupIntents().create(params.build(), key(idempotencyKey))));
    }

    public ProviderSnapshot retrieveSetupIntent(String id) {
        return StripeObjects.setupIntent(call("setup_intent.retrieve",
                () -> stripe.v1().setupIntents().retrieve(id, SetupIntentRetrieveParams.builder().build(),
                        RequestOptions.getDefault())));
    }

    /** A confirmed PaymentIntent: a hold ({@code manualCapture}) or a charge. */
    public ProviderSnapshot createPaymentIntent(PaymentIntentSpec spec, Map<String, String> metadata,
                                                String idempotencyKey) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(spec.amountMinor())
                .setCurrency(spec.currency().toLowerCase(Locale.ROOT))
                .setPaymentMethod(spec.paymentMethodId())
                .addPaymentMethodType("card")
                .setCaptureMethod(spec.manualCapture() ? PaymentIntentCreateParams.CaptureMethod.MANUAL
                        : PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
                .setConfirm(true)
                .putAllMetadata(metadata)
                .addExpand("latest_charge");
        if (!spec.customerId().isEmpty()) {
            params.setCustomer(spec.customerId());
        }
        if (spec.offSession()) {
            params.setOffSession(true);
        } else if (!spec.returnUrl().isEmpty()) {
            // the backer is present and may have to authenticate: the bank's page sends them back here
            params.setReturnUrl(spec.returnUrl());
        }
        if (!spec.description().isEmpty()) {
            params.setDescription(spec.description());
        }
        return StripeObjects.paymentIntent(call("payment_intent.create",
                () -> stripe.v1().paymentIntents().create(params.build(), key(idempotencyKey))));
    }

    /** The PaymentIntent an operation created, found by its metadata, if the provider has it. */
    public Optional<ProviderSnapshot> findPaymentIntentOfOperation(String operationId) {
        PaymentIntentSearchParams params = PaymentIntentSearchParams.builder()
                .setQuery("metadata['" + META_OPERATION_ID + "']:'" + operationId + "'")
                .build();
        var found = call("payment_intent.search", () -> stripe.v1().paymentIntents().search(params));
        return found.getData().stream().findFirst().map(pi -> retrievePaymentIntent(pi.getId()));
    }

    public ProviderSnapshot retrievePaymentIntent(String id) {
        PaymentIntentRetrieveParams params = PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build();
        return StripeObjects.paymentIntent(call("payment_intent.retrieve",
                () -> stripe.v1().paymentIntents().retrieve(id, params, RequestOptions.getDefault())));
    }

    /** Captures {@code amountMinor} (null: all that is capturable); the rest of the hold is released. */
    public ProviderSnapshot capture(String paymentIntentId, Long amountMinor, String idempotencyKey) {
        PaymentIntentCaptureParams.Builder params = PaymentIntentCaptureParams.builder().addExpand("latest_charge");
        if (amountMinor != null) {
            params.setAmountToCapture(amountMinor);
        }
        return StripeObjects.paymentIntent(call("payment_intent.capture",
                () -> stripe.v1().paymentIntents().capture(paymentIntentId, params.build(), key(idempotencyKey))));
    }

    public ProviderSnapshot cancel(String paymentIntentId, String idempotencyKey) {
        PaymentIntentCancelParams params = PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER)
                .addExpand("latest_charge")
                .build();
        return StripeObjects.paymentIntent(call("payment_intent.cancel",
                () -> stripe.v1().paymentIntents().cancel(paymentIntentId, params, key(idempotencyKey))));
    }

    /** Refunds {@code amountMinor} of the PaymentIntent's charge. */
    public RefundResult refund(String paymentIntentId, long amountMinor, String reason, Map<String, String> metadata,
                               String idempotencyKey) {
        RefundCreateParams.Builder params = RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .setAmount(amountMinor)
                .putAllMetadata(metadata)
                .addExpand("charge");
        if (!reason.isEmpty()) {
            params.setReason(RefundCreateParams.Reason.valueOf(reason.toUpperCase(Locale.ROOT)));
        }
        Refund refund = call("refund.create", () -> stripe.v1().refunds().create(params.build(), key(idempotencyKey)));
        return new RefundResult(refund.getId(), refund.getAmount(), refund.getStatus(),
                StripeObjects.chargeRefunds(refund.getChargeObject()));
    }

    /**
     * The refund an operation created, found among the PaymentIntent's refunds by the operation id
     * in its metadata: how a refund whose answer was lost is recognised instead of being sent again.
     */
    public Optional<RefundResult> findRefundOfOperation(String paymentIntentId, String operationId) {
        RefundListParams params = RefundListParams.builder().setPaymentIntent(paymentIntentId).setLimit(100L)
                .addExpand("data.charge").build();
        var refunds = call("refund.list", () -> stripe.v1().refunds().list(params));
        return refunds.getData().stream()
                .filter(refund -> operationId.equals(refund.getMetadata().get(META_OPERATION_ID)))
                .findFirst()
                .map(refund -> new RefundResult(refund.getId(), refund.getAmount(), refund.getStatus(),
                        StripeObjects.chargeRefunds(refund.getChargeObject())));
    }

    /** A refund as the provider made it, and the charge's refunds after it (null if it cannot tell). */
    public record RefundResult(String refundId, long amountMinor, String status, ProviderSnapshot charge) {
    }

    /** What to ask for in a PaymentIntent. */
    public record PaymentIntentSpec(long amountMinor, String currency, String customerId, String paymentMethodId,
                                    boolean manualCapture, boolean offSession, String description, String returnUrl) {
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private <T> T call(String operation, StripeCall<T> call) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "ok";
        try {
            return throttle.guarded(() -> {
                try {
                    return call.run();
                } catch (StripeException e) {
                    throw translate(operation, e);
                }
            });
        } catch (ProviderException e) {
            outcome = e.reason().name().toLowerCase(Locale.ROOT);
            throw e;
        } finally {
            sample.stop(Timer.builder("stripe.calls").tag("operation", operation).tag("outcome", outcome)
                    .register(meters));
        }
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    /** Stripe's error to a reason the pledge saga acts on, keeping the object the error showed. */
    static ProviderException translate(String operation, StripeException e) {
        StripeError error = e.getStripeError();
        ProviderSnapshot object = error == null ? null : StripeObjects.objectOf(error);
        String code = e.getCode();
        String param = error == null ? null : error.getParam();
        String message = e.getUserMessage() != null ? e.getUserMessage() : messageOf(e);
        if (e instanceof CardException card) {
            // the classification of Stripe's decline-code guide: retry later, new card, or authenticate
            FailureReason reason = FailureReason.ofCardError(code, card.getDeclineCode());
            String declineCode = card.getDeclineCode() != null ? card.getDeclineCode() : code;
            return new ProviderException(reason, message, declineCode, code, param, object, e);
        }
        if (e instanceof RateLimitException) {
            return new ProviderException(FailureReason.RATE_LIMITED, "Stripe's rate limit was hit and did not clear "
                    + "after retries; retry later with the same idempotency key.", null, code, param, object, e);
        }
        if (Integer.valueOf(409).equals(e.getStatusCode())) {
            // idempotency_key_in_use: a concurrent attempt of this very operation, not an outage (stripe-java
            // raises it as a plain ApiException, like a 5xx)
            return new ProviderException(FailureReason.OPERATION_IN_PROGRESS, "the same operation is still running "
                    + "at Stripe; retry later with the same idempotency key.", null, code, param, object, e);
        }
        if (e instanceof IdempotencyException) {
            return new ProviderException(FailureReason.IDEMPOTENCY_KEY_REUSED, messageOf(e), null, code, param, object, e);
        }
        if (e instanceof InvalidRequestException) {
            if ("payment_method_unexpected_state".equals(code) && messageOf(e).contains("may not be used again")) {
                return new ProviderException(FailureReason.PAYMENT_METHOD_UNUSABLE, "the payment method was detached or "
                        + "used once without a customer and can never be used again: ask the backer for their card "
                        + "again. Stripe: " + messageOf(e), null, code, param, object, e);
            }
            if (code != null && code.endsWith("_unexpected_state")) {
                boolean expired = object != null && object.status() == PaymentStatus.EXPIRED;
                return new ProviderException(expired ? FailureReason.HOLD_EXPIRED : FailureReason.PAYMENT_STATE_CONFLICT,
                        expired ? "the authorization expired before it was captured; place a new one (Reauthorize)"
                                : messageOf(e), null, code, param, object, e);
            }
            return new ProviderException(FailureReason.INVALID_REQUEST, messageOf(e), null, code, param, object, e);
        }
        if (e instanceof AuthenticationException || e instanceof PermissionException) {
            LOG.error("Stripe refused our API key on {}: {}", operation, messageOf(e));
            return new ProviderException(FailureReason.PROVIDER_UNAVAILABLE, "the payment provider refused this "
                    + "service's credentials; operators must fix STRIPE_API_KEY", null, code, param, object, e);
        }
        if (e instanceof ApiConnectionException || e instanceof ApiException) {
            LOG.warn("Stripe unavailable on {}: {}", operation, messageOf(e));
            return new ProviderException(FailureReason.PROVIDER_UNAVAILABLE, "the payment provider could not be "
                    + "reached or failed; retry later with the same idempotency key.", null, code, param, object, e);
        }
        return new ProviderException(FailureReason.PROVIDER_UNAVAILABLE, messageOf(e), null, code, param, object, e);
    }

    private static String messageOf(StripeException e) {
        return e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage() : String.valueOf(e.getMessage());
    }
}
