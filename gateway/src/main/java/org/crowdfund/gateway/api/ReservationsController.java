package org.crowdfund.gateway.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.gateway.clients.ReservationClient;
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.errors.Problems;
import org.crowdfund.proto.reservation.v1.ExtendResponse;
import org.crowdfund.proto.reservation.v1.GetReservationResponse;
import org.crowdfund.proto.reservation.v1.ListReservationsRequest;
import org.crowdfund.proto.reservation.v1.ListReservationsResponse;
import org.crowdfund.proto.reservation.v1.ReserveRequest;
import org.crowdfund.proto.reservation.v1.ReserveResponse;

import java.net.URI;
import java.time.Clock;

import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/**
 * Reward slot reservations over reservation-service: a signed-in backer holds slots of a limited
 * tier while pledging, sees the hold's expiry (with the server's clock, to count down against),
 * gives it back or extends it once. The backer is always the caller; reservation-service keeps
 * everyone else's holds invisible (404).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = "bearer")
@Tag(name = "Reservations")
@ApiResponse(responseCode = "4XX", description = "Refused, as application/problem+json with a stable code "
        + "(409 TIER_SOLD_OUT: no slot free, join the waitlist; 429 only when too many requests wait for the same tier)",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "5XX", description = "A service is unavailable (503), too slow (504) or failed (500)",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
public class ReservationsController {
    static final String BASE = "/api/v1/reservations";

    private final ReservationClient reservations;
    private final JsonBodies bodies;
    private final Clock clock;

    public ReservationsController(ReservationClient reservations, JsonBodies bodies, Clock clock) {
        this.reservations = reservations;
        this.bodies = bodies;
        this.clock = clock;
    }

    @Post(BASE)
    @Operation(operationId = "reserve", summary = "Hold slots of a limited tier for the signed-in backer; asking again "
            + "for the same tier returns the hold already there (200)")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.Reserve.class)))
    @ApiResponse(responseCode = "201", description = "Held; Location names the reservation. Count down expiresAt - serverTime",
            content = @Content(schema = @Schema(implementation = Views.Reservation.class)))
    @ApiResponse(responseCode = "200", description = "The backer already held this tier: that reservation, unchanged",
            content = @Content(schema = @Schema(implementation = Views.Reservation.class)))
    public HttpResponse<Views.Reservation> reserve(@Body @Nullable JsonNode body, @Parameter(hidden = true) Caller caller) {
        Requests.Reserve request = bodies.read(body, Requests.Reserve.class);
        ReserveRequest.Builder rpc = ReserveRequest.newBuilder().setTierId(orEmpty(request.tierId()))
                .setQuantity(request.quantity() == null ? 1 : request.quantity());
        if (request.queueId() != null) {
            rpc.setQueueId(request.queueId());
        }
        if (request.ttlSeconds() != null) {
            rpc.setTtlSeconds(request.ttlSeconds());
        }
        ReserveResponse reserved = reservations.reserve(caller, rpc.build());
        Views.Reservation view = ReservationMapping.reservation(reserved.getReservation(), reserved.getServerTime());
        return HttpResponse.<Views.Reservation>status(reserved.getExisting() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(view).headers(h -> h.location(URI.create(BASE + "/" + view.id())));
    }

    @Get(BASE + "/{id}")
    @Operation(operationId = "getReservation", summary = "One of the signed-in backer's reservations")
    public Views.Reservation get(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        GetReservationResponse response = reservations.get(caller, id);
        return ReservationMapping.reservation(response.getReservation(), response.getServerTime());
    }

    @Post(BASE + "/{id}:release")
    @Operation(operationId = "releaseReservation", summary = "Give the slots back at once; releasing again changes nothing")
    public Views.Reservation release(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return ReservationMapping.reservation(reservations.release(caller, id).getReservation(), timestamp(clock.instant()));
    }

    @Post(BASE + "/{id}:extend")
    @Operation(operationId = "extendReservation", summary = "Push expiresAt out, once per reservation, by the platform's "
            + "extension (5 minutes by default); asking again returns it unchanged")
    public Views.Reservation extend(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        ExtendResponse response = reservations.extend(caller, id);
        return ReservationMapping.reservation(response.getReservation(), response.getServerTime());
    }

    @Get("/api/v1/me/reservations")
    @Operation(operationId = "listMyReservations", summary = "The signed-in backer's reservations, newest first")
    public Views.ReservationPage mine(
            @Parameter(description = "Only this campaign's") @QueryValue @Nullable String campaignId,
            @Parameter(description = "Only this tier's") @QueryValue @Nullable String tierId,
            @Parameter(description = "Only holds still active") @QueryValue @Nullable Boolean activeOnly,
            @Parameter(description = "1..100, default 20") @QueryValue @Nullable Integer pageSize,
            @Parameter(description = "nextPageToken of the previous page, with the same filters") @QueryValue @Nullable String pageToken,
            @Parameter(hidden = true) Caller caller) {
        ListReservationsResponse page = reservations.list(caller, ListReservationsRequest.newBuilder()
                .setCampaignId(orEmpty(campaignId)).setTierId(orEmpty(tierId)).setActiveOnly(Boolean.TRUE.equals(activeOnly))
                .setPageSize(pageSize == null ? 0 : pageSize).setPageToken(orEmpty(pageToken)).build());
        // ListReservations carries no server time; the gateway's clock stands in for it
        var now = timestamp(clock.instant());
        return new Views.ReservationPage(page.getReservationsList().stream()
                .map(r -> ReservationMapping.reservation(r, now)).toList(),
                CampaignMapping.emptyToNull(page.getNextPageToken()), CampaignMapping.iso(now));
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
