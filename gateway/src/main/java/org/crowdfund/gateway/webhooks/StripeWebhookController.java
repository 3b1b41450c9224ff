package org.crowdfund.gateway.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.grpc.Status;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.crowdfund.gateway.api.ProtoEnums;
import org.crowdfund.gateway.clients.PaymentClient;
import org.crowdfund.gateway.clients.ServiceCallException;
import org.crowdfund.gateway.errors.ApiException;
import org.crowdfund.gateway.errors.ErrorCodes;
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.errors.Problems;
import org.crowdfund.gateway.http.RequestIds;
import org.crowdfund.proto.payment.v1.HandleWebhookResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stripe's webhook ingress. The body is handed to payment-service byte for byte as it arrived,
 * with the Stripe-Signature header: the signature covers those exact bytes, so the gateway
 * neither parses nor re-serialises them, and checks nothing itself (payment-service verifies
 * with the endpoint secret and applies each event once). No bearer token: Stripe proves itself
 * with the signature. Stripe retries any answer but 2xx, which is what a 503 or 504 wants and a
 * 400 for a bad signature cannot cause harm with (it is retried and refused again).
 */
@Controller(StripeWebhookController.PATH)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Webhooks")
public class StripeWebhookController {
    public static final String PATH = "/webhooks/stripe";
    private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookController.class);

    private final PaymentClient payments;

    public StripeWebhookController(PaymentClient payments) {
        this.payments = payments;
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "WebhookReceipt", description = "What payment-service made of the event")
    public record WebhookReceipt(String eventId, String eventType,
                                 @Schema(allowableValues = {"applied", "duplicate", "stale", "ignored"}) String outcome) {
    }

    @Post
    @Consumes(MediaType.ALL)
    @Operation(operationId = "receiveStripeWebhook", summary = "Stripe events for payment-service (signed with the endpoint "
            + "secret). 200 once handled, also for duplicates and events of no interest; 400 for a bad or stale signature")
    @RequestBody(description = "The event exactly as Stripe sent it", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WebhookReceipt.class)))
    @ApiResponse(responseCode = "400", description = "WEBHOOK_SIGNATURE_INVALID or WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE",
            content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "5XX", description = "payment-service is unavailable (503) or too slow (504); Stripe retries",
            content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public WebhookReceipt receive(@Body @Nullable byte[] payload,
                                  @Parameter(description = "Stripe's signature of the body") @Header("Stripe-Signature") @Nullable String signature,
                                  @Parameter(hidden = true) HttpRequest<?> request) {
        HandleWebhookResponse handled;
        try {
            handled = payments.handleWebhook(RequestIds.of(request), payload == null ? new byte[0] : payload, signature);
        } catch (ServiceCallException e) {
            if (e.code() == Status.Code.UNAUTHENTICATED || e.code() == Status.Code.PERMISSION_DENIED) {
                // the gateway's own principal was refused: a deployment fault, not the sender's; Stripe retries a 500
                LOG.error("payment-service refused the gateway's webhook principal (request {}): {}", RequestIds.of(request),
                        e.getMessage());
                throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL,
                        "the event could not be handed on; quote request id " + RequestIds.of(request) + " when reporting it");
            }
            throw e;
        }
        return new WebhookReceipt(handled.getEventId(), handled.getEventType(), ProtoEnums.wireName(handled.getOutcome()));
    }
}
