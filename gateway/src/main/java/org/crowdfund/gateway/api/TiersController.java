package org.crowdfund.gateway.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.errors.Problems;
import org.crowdfund.proto.campaign.v1.GetTierResponse;

import org.crowdfund.proto.reservation.v1.TierAvailability;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reward tiers by their own id: tier ids are unique platform-wide (as in campaign.v1's GetTier
 * and UpdateTier), so a tier needs no campaign id in its path. Tiers are created under their
 * campaign: POST /api/v1/campaigns/{id}/tiers.
 */
@Controller(TiersController.BASE)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Campaigns")
@ApiResponse(responseCode = "4XX", description = "Refused, as application/problem+json with a stable code",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "5XX", description = "A service is unavailable (503), too slow (504) or failed (500)",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
public class TiersController {
    static final String BASE = "/api/v1/tiers";

    private final CampaignClient campaigns;
    private final ReservationClient reservations;
    private final JsonBodies bodies;
    private final ReservationDefaults reservationDefaults;

    public TiersController(CampaignClient campaigns, ReservationClient reservations, JsonBodies bodies,
                           ReservationDefaults reservationDefaults) {
        this.campaigns = campaigns;
        this.reservations = reservations;
        this.bodies = bodies;
        this.reservationDefaults = reservationDefaults;
    }

    @Get("/{tierId}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(operationId = "getTier", summary = "A tier with its live slot counts, and its campaign (other tiers without counts)")
    public Views.TierWithCampaign get(@PathVariable String tierId, @Parameter(hidden = true) Caller caller) {
        AvailabilityLookup slots = reservations.availability(caller, List.of(tierId), null);
        GetTierResponse response = campaigns.getTier(caller, tierId);
        Optional<Map<String, TierAvailability>> counts = slots.await();
        return new Views.TierWithCampaign(CampaignMapping.tier(response.getTier(), counts),
                CampaignMapping.campaign(response.getCampaign(), counts, reservationDefaults));
    }

    @Patch("/{tierId}")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "updateTier", summary = "Change a tier; a limit can never go below the slots already claimed")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.UpdateTier.class)))
    public Views.Tier update(@PathVariable String tierId, @Body @Nullable JsonNode body, @Parameter(hidden = true) Caller caller) {
        Requests.UpdateTier request = bodies.read(body, Requests.UpdateTier.class);
        return CampaignMapping.tier(campaigns.updateTier(caller, CampaignMapping.updateTier(tierId, request)));
    }
}
