package org.crowdfund.gateway.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.crowdfund.gateway.auth.AuthConfiguration;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.gateway.clients.CampaignClient;
import org.crowdfund.gateway.clients.PledgeClient;
import org.crowdfund.gateway.errors.ApiException;
import org.crowdfund.gateway.errors.ErrorCodes;
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.errors.Problems;
import org.crowdfund.proto.pledge.v1.ChangePledgeRequest;
import org.crowdfund.proto.pledge.v1.CreatePledgeRequest;
import org.crowdfund.proto.pledge.v1.CreatePledgeResponse;
import org.crowdfund.proto.pledge.v1.ListCampaignPledgesRequest;
import org.crowdfund.proto.pledge.v1.ListCampaignPledgesResponse;
import org.crowdfund.proto.pledge.v1.ListMyPledgesRequest;
import org.crowdfund.proto.pledge.v1.ListMyPledgesResponse;
import org.crowdfund.proto.pledge.v1.PledgeStatus;
import org.crowdfund.proto.pledge.v1.UpdatePaymentMethodRequest;
import org.crowdfund.platform.ids.Ids;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Pledges over pledge-service: a signed-in backer pledges (with an Idempotency-Key), sees, cancels
 * and changes their own pledges until the campaign's cutoff, and gives another card when a payment
 * failed; the campaign's creator (or an admin) lists its pledges and follows its settlement.
 * {@code POST /campaigns/{id}:end} lets an admin end a campaign now, in local mode only.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = "bearer")
@Tag(name = "Pledges")
@ApiResponse(responseCode = "4XX", description = "Refused, as application/problem+json with a stable code (409 PLEDGE_LOCKED "
        + "after the cutoff, CARD_DECLINED with the decline code, RESERVATION_REQUIRED, ...)",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "5XX", description = "A service is unavailable (503), too slow (504) or failed (500)",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
public class PledgesController {
    static final String BASE = "/api/v1/pledges";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final PledgeClient pledges;
    private final CampaignClient campaigns;
    private final JsonBodies bodies;
    private final AuthConfiguration auth;
    private final ReservationDefaults reservationDefaults;

    public PledgesController(PledgeClient pledges, CampaignClient campaigns, JsonBodies bodies, AuthConfiguration auth,
                             ReservationDefaults reservationDefaults) {
        this.pledges = pledges;
        this.campaigns = campaigns;
        this.bodies = bodies;
        this.auth = auth;
        this.reservationDefaults = reservationDefaults;
    }

    @Post(BASE)
    @Operation(operationId = "createPledge", summary = "Pledge to a campaign; the same Idempotency-Key and body answer the same "
            + "pledge, the same key with another body 409 IDEMPOTENCY_KEY_REUSED")
    @RequestBody(content = @Content(schema = @Schema(implementation = PledgeViews.CreatePledge.class)))
    @ApiResponse(responseCode = "201", description = "Created (status pending, captured, or requires_action with nextAction)",
            content = @Content(schema = @Schema(implementation = PledgeViews.Pledge.class)))
    public HttpResponse<PledgeViews.Pledge> create(@Body @Nullable JsonNode body,
                                                   @Header(IDEMPOTENCY_KEY) @Nullable String idempotencyKey,
                                                   @Parameter(hidden = true) Caller caller) {
        PledgeViews.CreatePledge request = bodies.read(body, PledgeViews.CreatePledge.class);
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw ApiException.invalid(IDEMPOTENCY_KEY, "the header is required: a key of your choosing, the same for retries of this pledge");
        }
        CreatePledgeResponse created = pledges.create(caller, CreatePledgeRequest.newBuilder().setIdempotencyKey(idempotencyKey)
                .setCampaignId(orEmpty(request.campaignId())).setTierId(orEmpty(request.tierId()))
                .setAmountMinor(request.amountMinor() == null ? 0 : request.amountMinor()).setCurrency(orEmpty(request.currency()))
                .setReservationId(orEmpty(request.reservationId())).setPaymentMethodId(orEmpty(request.paymentMethodId()))
                .setCountry(orEmpty(request.country())).setReturnUrl(orEmpty(request.returnUrl()))
                .setLocale(orEmpty(request.locale())).build());
        PledgeViews.Pledge view = PledgeMapping.pledge(created.getPledge(), null);
        return HttpResponse.<PledgeViews.Pledge>status(HttpStatus.CREATED).body(view)
                .headers(h -> h.location(URI.create(BASE + "/" + view.id())));
    }

    @Get(BASE + "/{id}")
    @Operation(operationId = "getPledge", summary = "One of the signed-in backer's pledges")
    public PledgeViews.Pledge get(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return PledgeMapping.pledge(pledges.get(caller, id), null);
    }

    @Post(BASE + "/{id}:cancel")
    @Operation(operationId = "cancelPledge", summary = "Cancel before the campaign's cutoff: the hold is voided (a keep-it-all "
            + "charge refunded) and the slot given back; after the cutoff 409 PLEDGE_LOCKED")
    public PledgeViews.Pledge cancel(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        var cancelled = pledges.cancel(caller, id);
        return PledgeMapping.pledge(cancelled.getPledge(), cancelled.getRefunded());
    }

    @Patch(BASE + "/{id}")
    @Operation(operationId = "changePledge", summary = "Change amount and/or tier before the cutoff: the new authorization comes "
            + "first, then the old one is voided")
    @RequestBody(content = @Content(schema = @Schema(implementation = PledgeViews.ChangePledge.class)))
    public PledgeViews.Pledge change(@PathVariable String id, @Body @Nullable JsonNode body,
                                     @Header(IDEMPOTENCY_KEY) @Nullable String idempotencyKey,
                                     @Parameter(hidden = true) Caller caller) {
        PledgeViews.ChangePledge request = bodies.read(body, PledgeViews.ChangePledge.class);
        ChangePledgeRequest.Builder rpc = ChangePledgeRequest.newBuilder().setPledgeId(id)
                .setReservationId(orEmpty(request.reservationId()))
                .setIdempotencyKey(idempotencyKey == null || idempotencyKey.isBlank() ? Ids.newId().toString() : idempotencyKey);
        if (request.amountMinor() != null) {
            rpc.setAmountMinor(request.amountMinor());
        }
        if (request.tierId() != null) {
            rpc.setTierId(request.tierId());
        }
        return PledgeMapping.pledge(pledges.change(caller, rpc.build()), null);
    }

    @Post(BASE + "/{id}/payment-method")
    @Operation(operationId = "updatePledgePaymentMethod", summary = "Give another card for a pledge whose payment failed "
            + "(charged at once) or whose hold failed before the deadline")
    @RequestBody(content = @Content(schema = @Schema(implementation = PledgeViews.PaymentMethod.class)))
    public PledgeViews.Pledge paymentMethod(@PathVariable String id, @Body @Nullable JsonNode body,
                                            @Parameter(hidden = true) Caller caller) {
        PledgeViews.PaymentMethod request = bodies.read(body, PledgeViews.PaymentMethod.class);
        return PledgeMapping.pledge(pledges.updatePaymentMethod(caller, UpdatePaymentMethodRequest.newBuilder().setPledgeId(id)
                .setPaymentMethodId(orEmpty(request.paymentMethodId())).setReturnUrl(orEmpty(request.returnUrl())).build()), null);
    }

    @Post(BASE + "/{id}:confirm-authentication")
    @Operation(operationId = "confirmPledgeAuthentication", summary = "After 3-D Secure (the page the backer returns to calls "
            + "this): the pledge continues, or fails if authentication failed")
    public PledgeViews.Pledge confirmAuthentication(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return PledgeMapping.pledge(pledges.confirmAuthentication(caller, id), null);
    }

    @Get("/api/v1/me/pledges")
    @Operation(operationId = "listMyPledges", summary = "The signed-in backer's pledges, newest first")
    public PledgeViews.PledgePage mine(
            @Parameter(description = "Only this campaign's") @QueryValue @Nullable String campaignId,
            @Parameter(description = "1..100, default 20") @QueryValue @Nullable Integer pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryValue @Nullable String pageToken,
            @Parameter(hidden = true) Caller caller) {
        ListMyPledgesResponse page = pledges.mine(caller, ListMyPledgesRequest.newBuilder().setCampaignId(orEmpty(campaignId))
                .setPageSize(pageSize == null ? 0 : pageSize).setPageToken(orEmpty(pageToken)).build());
        return new PledgeViews.PledgePage(page.getPledgesList().stream().map(p -> PledgeMapping.pledge(p, null)).toList(),
                CampaignMapping.emptyToNull(page.getNextPageToken()));
    }

    @Get("/api/v1/campaigns/{id}/pledges")
    @Operation(operationId = "listCampaignPledges", summary = "A campaign's pledges, for its creator or an admin")
    public PledgeViews.PledgePage ofCampaign(
            @PathVariable String id,
            @Parameter(description = "Only pledges in these states (repeat or separate by commas)", explode = Explode.TRUE)
            @QueryValue("status") @Nullable List<String> status,
            @Parameter(description = "1..100, default 20") @QueryValue @Nullable Integer pageSize,
            @Parameter(description = "nextPageToken of the previous page, with the same filters") @QueryValue @Nullable String pageToken,
            @Parameter(hidden = true) Caller caller) {
        ListCampaignPledgesRequest.Builder request = ListCampaignPledgesRequest.newBuilder().setCampaignId(id)
                .setPageSize(pageSize == null ? 0 : pageSize).setPageToken(orEmpty(pageToken));
        for (String value : status == null ? List.<String>of() : status) {
            for (String name : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
                request.addStatuses(Arrays.stream(PledgeStatus.values())
                        .filter(s -> s != PledgeStatus.UNRECOGNIZED && s != PledgeStatus.PLEDGE_STATUS_UNSPECIFIED)
                        .filter(s -> PledgeMapping.status(s).equals(name)).findFirst()
                        .orElseThrow(() -> ApiException.invalid("status", "unknown status '" + name + "'")));
            }
        }
        ListCampaignPledgesResponse page = pledges.ofCampaign(caller, request.build());
        return new PledgeViews.PledgePage(page.getPledgesList().stream().map(p -> PledgeMapping.pledge(p, null)).toList(),
                CampaignMapping.emptyToNull(page.getNextPageToken()));
    }

    @Get("/api/v1/campaigns/{id}/settlement")
    @Operation(operationId = "getSettlement", summary = "The campaign's settlement: phase, outcome, counts by status, rate and "
            + "estimated time left (creator or admin)")
    public PledgeViews.Settlement settlement(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return PledgeMapping.settlement(pledges.settlement(caller, id));
    }

    @Post("/api/v1/campaigns/{id}:end")
    @Operation(operationId = "endCampaign", summary = "Admin, local mode only: end an active campaign now (as its deadline "
            + "would), so settlement can be run and watched")
    public Views.Campaign end(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        if (!auth.isLocalMode()) {
            throw new ApiException(HttpStatus.FORBIDDEN, ErrorCodes.LOCAL_MODE_ONLY, "campaigns are ended early only in local "
                    + "mode (CROWDFUND_LOCAL_MODE=true); elsewhere they end at their deadline");
        }
        return CampaignMapping.campaign(campaigns.end(caller, id), reservationDefaults);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
