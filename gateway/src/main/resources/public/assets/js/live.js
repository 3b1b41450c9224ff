// Live updates of one campaign, pushed by the gateway as server-sent events
// (GET /api/v1/campaigns/{id}/events). The browser's EventSource reconnects by itself (the server
// says how soon, and sends Last-Event-ID); whatever was missed while the connection was down is
// caught up by re-reading once it is back (onResync). Nothing here polls.

const KINDS = ['progress', 'slots', 'campaign', 'update', 'settlement', 'pledge'];

/**
 * Opens the campaign's event stream. `handlers` maps an event kind to a function of its data;
 * `onResync` runs after a reconnect. Returns a function that closes the stream.
 */
export function watchCampaign(campaignId, handlers, { onResync, onState } = {}) {
  const source = new EventSource(`/api/v1/campaigns/${encodeURIComponent(campaignId)}/events`);
  let lost = false;
  source.addEventListener('open', () => {
    // when the page starts hearing changes (PageInteractiveBenchmark reads it)
    performance.mark('crowdfund:live', { detail: campaignId });
    onState?.('live');
    if (lost) {
      lost = false;
      onResync?.();
    }
  });
  source.addEventListener('error', () => {
    lost = true;
    onState?.(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  });
  for (const kind of KINDS) {
    if (!handlers[kind]) continue;
    source.addEventListener(kind, (event) => handlers[kind](JSON.parse(event.data)));
  }
  return () => source.close();
}

/**
 * Runs `fn` at most once per `ms`, after a burst has settled (trailing edge): a rush of slot
 * events becomes one re-read.
 */
export function coalesce(fn, ms = 300) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
