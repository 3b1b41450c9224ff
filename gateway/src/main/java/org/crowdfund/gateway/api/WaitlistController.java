package org.crowdfund.gateway.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
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
import org.crowdfund.proto.reservation.v1.JoinWaitlistRequest;
import org.crowdfund.proto.reservation.v1.JoinWaitlistResponse;

import java.net.URI;
import java.time.Clock;

import static org.crowdfund.platform.grpc.ProtoTime.timestamp;

/**
 * Waitlists of sold-out tiers: a signed-in backer joins a tier's line (created under the tier),
 * reads their entry (its place in line, or the slot offered to them with its expiry) and leaves.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = "bearer")
@Tag(name = "Reservations")
@ApiResponse(responseCode = "4XX", description = "Refused, as application/problem+json with a stable code",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "5XX", description = "A service is unavailable (503), too slow (504) or failed (500)",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
public class WaitlistController {
    static final String ENTRIES = "/api/v1/waitlist-entries";

    private final ReservationClient reservations;
    private final JsonBodies bodies;
    private final Clock clock;

    public WaitlistController(ReservationClient reservations, JsonBodies bodies, Clock clock) {
        this.reservations = reservations;
        this.bodies = bodies;
        this.clock = clock;
    }

    @Post(TiersController.BASE + "/{tierId}/waitlist")
    @Operation(operationId = "joinWaitlist", summary = "Queue the signed-in backer for a sold-out tier; a slot free right "
            + "now is offered at once (status offered, with its reservation). Joining again returns the open entry (200)")
    @RequestBody(required = false, content = @Content(schema = @Schema(implementation = Requests.JoinWaitlist.class)))
    @ApiResponse(responseCode = "201", description = "In line; Location names the entry",
            content = @Content(schema = @Schema(implementation = Views.WaitlistEntry.class)))
    @ApiResponse(responseCode = "200", description = "Already in line: the open entry",
            content = @Content(schema = @Schema(implementation = Views.WaitlistEntry.class)))
    public HttpResponse<Views.WaitlistEntry> join(@PathVariable String tierId, @Body @Nullable JsonNode body,
                                                  @Parameter(hidden = true) Caller caller) {
        Requests.JoinWaitlist request = body == null ? new Requests.JoinWaitlist(null, null)
                : bodies.read(body, Requests.JoinWaitlist.class);
        JoinWaitlistRequest.Builder rpc = JoinWaitlistRequest.newBuilder().setTierId(tierId)
                .setQuantity(request.quantity() == null ? 1 : request.quantity());
        if (request.queueId() != null) {
            rpc.setQueueId(request.queueId());
        }
        JoinWaitlistResponse joined = reservations.joinWaitlist(caller, rpc.build());
        Views.WaitlistEntry entry = ReservationMapping.entry(joined.getEntry(), joined.getServerTime());
        return HttpResponse.<Views.WaitlistEntry>status(joined.getExisting() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(entry).headers(h -> h.location(URI.create(ENTRIES + "/" + entry.id())));
    }

    @Get(ENTRIES + "/{entryId}")
    @Operation(operationId = "getWaitlistEntry", summary = "The signed-in backer's waitlist entry: place in line or offer")
    public Views.WaitlistEntry get(@PathVariable String entryId, @Parameter(hidden = true) Caller caller) {
        return ReservationMapping.entry(reservations.waitlistEntry(caller, entryId), timestamp(clock.instant()));
    }

    @Post(ENTRIES + "/{entryId}:leave")
    @Operation(operationId = "leaveWaitlist", summary = "Leave the line; leaving with an open offer declines it and the "
            + "slot passes to the next backer")
    public Views.WaitlistEntry leave(@PathVariable String entryId, @Parameter(hidden = true) Caller caller) {
        return ReservationMapping.entry(reservations.leaveWaitlist(caller, entryId), timestamp(clock.instant()));
    }
}
