package org.crowdfund.gateway.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.gateway.clients.AvailabilityLookup;
import org.crowdfund.gateway.clients.CampaignClient;
import org.crowdfund.gateway.clients.ReservationClient;
import org.crowdfund.gateway.errors.ApiException;
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.errors.Problems;
import org.crowdfund.proto.campaign.v1.Campaign;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
import org.crowdfund.proto.campaign.v1.CancelCampaignRequest;
import org.crowdfund.proto.campaign.v1.ListCampaignsRequest;
import org.crowdfund.proto.campaign.v1.ListCampaignsResponse;
import org.crowdfund.proto.campaign.v1.ListCreatorUpdatesRequest;
import org.crowdfund.proto.campaign.v1.ListCreatorUpdatesResponse;
import org.crowdfund.proto.campaign.v1.PostCreatorUpdateRequest;
import org.crowdfund.proto.reservation.v1.TierAvailability;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaigns, their tiers, creator updates and dashboard, as REST over campaign-service. Reads
 * are public (drafts stay visible to their creator only: the service decides); writes need a
 * bearer token, and the service checks the caller may make them.
 */
@Controller(CampaignsController.BASE)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Campaigns")
@ApiResponse(responseCode = "4XX", description = "Refused, as application/problem+json with a stable code",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "5XX", description = "A service is unavailable (503), too slow (504) or failed (500)",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
public class CampaignsController {
    static final String BASE = "/api/v1/campaigns";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final CampaignClient campaigns;
    private final ReservationClient reservations;
    private final JsonBodies bodies;
    private final ReservationDefaults reservationDefaults;

    public CampaignsController(CampaignClient campaigns, ReservationClient reservations, JsonBodies bodies,
                               ReservationDefaults reservationDefaults) {
        this.campaigns = campaigns;
        this.reservations = reservations;
        this.bodies = bodies;
        this.reservationDefaults = reservationDefaults;
    }

    @Get
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(operationId = "listCampaigns", summary = "List campaigns, newest first, a page at a time, with live slot counts on limited tiers")
    public Views.CampaignPage list(
            @Parameter(description = "Only campaigns in these states: draft, active, settling, funded, failed, "
                    + "partially_funded, cancelled (repeat the parameter or separate by commas)", explode = Explode.TRUE)
            @QueryValue("status") @Nullable List<String> status,
            @Parameter(description = "Only campaigns of this creator") @QueryValue @Nullable String creatorId,
            @Parameter(description = "1..100, default 20") @QueryValue @Nullable Integer pageSize,
            @Parameter(description = "nextPageToken of the previous page, with the same filters") @QueryValue @Nullable String pageToken,
            @Parameter(hidden = true) Caller caller) {
        ListCampaignsRequest.Builder request = ListCampaignsRequest.newBuilder()
                .setCreatorId(orEmpty(creatorId)).setPageSize(pageSize == null ? 0 : pageSize).setPageToken(orEmpty(pageToken));
        for (String value : status == null ? List.<String>of() : status) {
            for (String name : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
                request.addStatuses(ProtoEnums.parse(CampaignStatus.class, name).orElseThrow(() -> ApiException.invalid(
                        "status", "unknown status '" + name + "'; use " + String.join(", ", ProtoEnums.wireNames(CampaignStatus.class)))));
            }
        }
        ListCampaignsResponse page = campaigns.list(caller, request.build());
        // the tiers are known only now: one call for the slots of every limited tier on the page
        Optional<Map<String, TierAvailability>> slots = reservations
                .availability(caller, CampaignMapping.limitedTierIds(page.getCampaignsList()), null).await();
        return new Views.CampaignPage(page.getCampaignsList().stream()
                .map(c -> CampaignMapping.campaign(c, slots, reservationDefaults)).toList(),
                CampaignMapping.emptyToNull(page.getNextPageToken()));
    }

    @Post
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "createCampaign", summary = "Create a draft campaign (creators); the same Idempotency-Key returns the same campaign")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.CreateCampaign.class)))
    @ApiResponse(responseCode = "201", description = "Created; Location names the new resource",
            content = @Content(schema = @Schema(implementation = Views.Campaign.class)))
    public HttpResponse<Views.Campaign> create(@Header(IDEMPOTENCY_KEY) @Nullable String idempotencyKey,
                                               @Body @Nullable JsonNode body, @Parameter(hidden = true) Caller caller) {
        Requests.CreateCampaign request = bodies.read(body, Requests.CreateCampaign.class);
        Views.Campaign created = CampaignMapping.campaign(campaigns.create(caller, CampaignMapping.create(idempotencyKey, request)),
                reservationDefaults);
        return HttpResponse.created(created, URI.create(BASE + "/" + created.id()));
    }

    @Get("/{id}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(operationId = "getCampaign", summary = "One campaign with its tiers and their live slot counts")
    public Views.Campaign get(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        // slot counts are asked by campaign id, so both calls run at once
        AvailabilityLookup slots = reservations.availability(caller, List.of(), id);
        Campaign campaign = campaigns.get(caller, id);
        return CampaignMapping.campaign(campaign, slots.await(), reservationDefaults);
    }

    @Patch("/{id}")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "updateCampaign", summary = "Change a campaign: anything while a draft, title and description once active")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.UpdateCampaign.class)))
    public Views.Campaign update(@PathVariable String id, @Body @Nullable JsonNode body, @Parameter(hidden = true) Caller caller) {
        Requests.UpdateCampaign request = bodies.read(body, Requests.UpdateCampaign.class);
        return CampaignMapping.campaign(campaigns.update(caller, CampaignMapping.update(id, request)), reservationDefaults);
    }

    @Post("/{id}:launch")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "launchCampaign", summary = "Launch a draft: it becomes public and open for pledges until endAt")
    public Views.Campaign launch(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return CampaignMapping.campaign(campaigns.launch(caller, id), reservationDefaults);
    }

    @Post("/{id}:cancel")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "cancelCampaign", summary = "Cancel a draft or active campaign; pledges are released")
    @RequestBody(required = false, content = @Content(schema = @Schema(implementation = Requests.CancelCampaign.class)))
    public Views.Campaign cancel(@PathVariable String id, @Body @Nullable JsonNode body, @Parameter(hidden = true) Caller caller) {
        Requests.CancelCampaign request = body == null ? new Requests.CancelCampaign(null)
                : bodies.read(body, Requests.CancelCampaign.class);
        return CampaignMapping.campaign(campaigns.cancel(caller, CancelCampaignRequest.newBuilder().setCampaignId(id)
                .setReason(orEmpty(request.reason())).build()), reservationDefaults);
    }

    @Post("/{id}/tiers")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "addTier", summary = "Add a reward tier; the same Idempotency-Key returns the same tier")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.AddTier.class)))
    @ApiResponse(responseCode = "201", description = "Created; Location names the new resource",
            content = @Content(schema = @Schema(implementation = Views.Tier.class)))
    public HttpResponse<Views.Tier> addTier(@PathVariable String id, @Header(IDEMPOTENCY_KEY) @Nullable String idempotencyKey,
                                            @Body @Nullable JsonNode body, @Parameter(hidden = true) Caller caller) {
        Requests.AddTier request = bodies.read(body, Requests.AddTier.class);
        Views.Tier tier = CampaignMapping.tier(campaigns.addTier(caller, CampaignMapping.addTier(id, idempotencyKey, request)));
        return HttpResponse.created(tier, URI.create(TiersController.BASE + "/" + tier.id()));
    }

    @Get("/{id}/updates")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(operationId = "listCreatorUpdates", summary = "The creator's updates, newest first")
    public Views.CreatorUpdatePage updates(@PathVariable String id, @QueryValue @Nullable Integer pageSize,
                                           @QueryValue @Nullable String pageToken, @Parameter(hidden = true) Caller caller) {
        ListCreatorUpdatesResponse page = campaigns.listUpdates(caller, ListCreatorUpdatesRequest.newBuilder()
                .setCampaignId(id).setPageSize(pageSize == null ? 0 : pageSize).setPageToken(orEmpty(pageToken)).build());
        return new Views.CreatorUpdatePage(page.getUpdatesList().stream().map(CampaignMapping::update).toList(),
                CampaignMapping.emptyToNull(page.getNextPageToken()));
    }

    @Post("/{id}/updates")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "postCreatorUpdate", summary = "Post an update to the campaign's backers; the same Idempotency-Key posts it once")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.PostCreatorUpdate.class)))
    @ApiResponse(responseCode = "201", description = "Created; Location names the new resource",
            content = @Content(schema = @Schema(implementation = Views.CreatorUpdate.class)))
    public HttpResponse<Views.CreatorUpdate> postUpdate(@PathVariable String id,
                                                        @Header(IDEMPOTENCY_KEY) @Nullable String idempotencyKey,
                                                        @Body @Nullable JsonNode body, @Parameter(hidden = true) Caller caller) {
        Requests.PostCreatorUpdate request = bodies.read(body, Requests.PostCreatorUpdate.class);
        Views.CreatorUpdate update = CampaignMapping.update(campaigns.postUpdate(caller, PostCreatorUpdateRequest.newBuilder()
                .setCampaignId(id).setRequestId(orEmpty(idempotencyKey)).setTitle(orEmpty(request.title()))
                .setBody(orEmpty(request.body())).build()));
        return HttpResponse.created(update, URI.create(BASE + "/" + id + "/updates"));
    }

    @Get("/{id}/dashboard")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "getDashboard", summary = "The creator's dashboard: pledges by tier, country and day")
    public Views.Dashboard dashboard(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return CampaignMapping.dashboard(campaigns.dashboard(caller, id));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
