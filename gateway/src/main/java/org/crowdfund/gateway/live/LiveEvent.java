package org.crowdfund.gateway.live;

import java.util.Map;

/**
 * One change a campaign's page shows without reloading, as it goes to browsers: {@code kind} is
 * the server-sent event's name ({@code progress}, {@code slots}, {@code campaign}, {@code update},
 * {@code settlement}, {@code pledge}) and {@code data} its JSON body. Only what anyone who can see
 * the campaign may see: totals, tier ids, states; never a backer's id, email or country.
 *
 * @param sequence the event's sequence in the stream (the SSE id)
 */
public record LiveEvent(String campaignId, String kind, Map<String, Object> data, long sequence) {
}
