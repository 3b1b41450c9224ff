package org.crowdfund.gateway.live;

import io.micronaut.core.async.annotation.SingleResult;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.gateway.clients.CampaignClient;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.Map;

/**
 * A campaign's live events for its page, as server-sent events: {@code ready} first, then
 * {@code progress}, {@code slots}, {@code campaign}, {@code update}, {@code settlement} and
 * {@code pledge} as they happen (see {@link LiveEvents}), and a {@code ping} every
 * {@link #HEARTBEAT} so proxies keep the connection and a vanished browser is noticed. The stream
 * tells the browser to reconnect after {@link #RETRY}; a page re-reads the campaign after a
 * reconnect, since events of the gap are not replayed.
 */
@Controller("/api/v1/campaigns")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Campaigns")
public class CampaignEventsController {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration RETRY = Duration.ofSeconds(3);
    /** Events held for a browser that reads slowly; the oldest go first (the page re-reads anyway). */
    static final int BUFFER = 256;

    private final CampaignClient campaigns;
    private final CampaignEventFeed feed;

    public CampaignEventsController(CampaignClient campaigns, CampaignEventFeed feed) {
        this.campaigns = campaigns;
        this.feed = feed;
    }

    @Get(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Live events of a campaign (text/event-stream)",
            description = "Public, like the campaign (a draft answers 404). Events: ready, progress {pledgedMinor, backerCount, "
                    + "currency, tierId}, slots {tierId, change}, campaign {change}, update {updateId, title}, settlement "
                    + "{totalPledges, captured, voided, failed, remaining}, pledge {change, tierId}, ping. Missed events are not "
                    + "replayed: read the campaign again after reconnecting.")
    @SingleResult
    public Publisher<HttpResponse<Publisher<Event<Map<String, Object>>>>> events(@PathVariable String id, Caller caller) {
        // Refuses unknown campaigns and drafts (404 problem) before the stream starts, as GET
        // /campaigns/{id} would: the answer is decided first, then its body streams. The blocking
        // gRPC call runs off the event loop.
        return Mono.fromCallable(() -> campaigns.get(caller, id).getId())
                .subscribeOn(Schedulers.boundedElastic())
                .map(campaignId -> HttpResponse.ok(stream(campaignId)));
    }

    private Publisher<Event<Map<String, Object>>> stream(String campaignId) {
        Flux<Event<Map<String, Object>>> live = Flux.<LiveEvent>create(sink -> {
            Runnable stop = feed.listen(campaignId, sink::next);
            sink.onDispose(stop::run);
        }, FluxSink.OverflowStrategy.BUFFER)
                .onBackpressureBuffer(BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
                .map(e -> Event.of(e.data()).name(e.kind()).id(Long.toString(e.sequence())));
        Flux<Event<Map<String, Object>>> heartbeat = Flux.interval(HEARTBEAT)
                .map(tick -> Event.<Map<String, Object>>of(Map.of()).name("ping"));
        Event<Map<String, Object>> ready = Event.<Map<String, Object>>of(Map.of("campaignId", campaignId)).name("ready").retry(RETRY);
        return Flux.concat(Flux.just(ready), Flux.merge(live, heartbeat));
    }
}
