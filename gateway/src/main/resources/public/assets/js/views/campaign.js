// A campaign's page: what it is, how far it got (live), its rewards with slots left (live) and what
// the signed-in backer can do with each, the creator's updates, and the owner's controls.
import * as api from '../api.js';
import * as session from '../session.js';
import { h, badge, announce, replaceKeepingFocus } from '../dom.js';
import { formatMoney } from '../money.js';
import { date, dateTime } from '../time.js';
import { watchCampaign, coalesce } from '../live.js';
import { progress, fundingModelSentence, slotsText } from './shared.js';
import { tierActions, rememberedWaitlistEntry, pledgeHref } from './tiers.js';
import { ownerPanel } from './manage.js';

export async function campaignPage(match, ctx, options = {}) {
  const id = match[1];
  const signedIn = session.signedIn();
  const [c, updates, holds] = await Promise.all([
    api.get(`/campaigns/${id}`),
    api.get(`/campaigns/${id}/updates?pageSize=20`),
    signedIn ? api.get(`/me/reservations${api.query({ campaignId: id, activeOnly: true })}`).catch(() => null) : null,
  ]);
  const entries = signedIn
    ? Object.fromEntries(await Promise.all(c.tiers.filter((t) => t.soldOut).map(async (t) => [t.id, await rememberedWaitlistEntry(t.id)])))
    : {};
  const owner = signedIn && (session.subject() === c.creatorId || session.has('admin'));
  const expiredTier = options.expiredTier;
  const stateOf = (t) => {
    const hold = holds?.reservations.find((r) => r.tierId === t.id && r.status === 'active'
      && (!r.expiresAt || Date.parse(r.expiresAt) > Date.parse(holds.serverTime)));
    return { hold: hold ? { ...hold, serverTime: holds.serverTime } : null, entry: entries[t.id], expired: expiredTier === t.id };
  };
  // After an action or a live change: read the page again and show it in place, focus kept.
  const changed = async (opts = {}) => {
    if (!ctx.current()) return;
    const nodes = await campaignPage(match, ctx, { ...opts, again: true, liveState: ctx.liveState });
    if (ctx.current()) replaceKeepingFocus(document.getElementById('view'), nodes);
  };

  // The stream outlives a re-render of the page: the indicator shows its last known state.
  const liveState = h('span', { class: 'live-state meta', role: 'status' }, liveText(options.liveState));
  const tierList = h('div', { class: 'tiers' }, c.tiers.map((t) => tierCard(c, t, stateOf(t), changed)));
  const page = [
    h('h1', {}, c.title),
    h('p', { class: 'summary' }, badge(c.status), ' ', liveState),
    h('p', { class: 'funding-model' }, fundingModelSentence(c)),
    h('div', { class: 'live-progress', 'aria-live': 'polite' }, progress(c)),
    c.status === 'active' ? h('p', { class: 'meta' }, `Pledges can be cancelled or changed until ${dateTime(c.pledgeCutoffAt)}.`) : null,
    h('p', { class: 'description' }, c.description),
    h('h2', {}, 'Rewards'),
    c.tiers.length ? tierList : h('p', { class: 'meta' }, c.noRewards ? 'This campaign has no rewards.' : 'No rewards yet.'),
    c.status === 'active' && signedIn ? h('p', {}, h('a', { href: pledgeHref(c, null) }, 'Pledge without a reward')) : null,
    h('h2', {}, 'Updates'),
    h('div', { class: 'updates' }, updateList(updates)),
    owner ? ownerPanel(c, changed) : null,
  ];
  if (!options.again && ['active', 'settling'].includes(c.status)) watchLive(c, ctx, changed, liveState);
  return page;
}

function liveText(state) {
  return state === 'live' ? '· live' : state === 'reconnecting' ? '· reconnecting…' : '';
}

function tierCard(c, t, state, changed) {
  return h('article', { class: 'card tier', 'data-tier': t.id, 'aria-labelledby': `tier-${t.id}` },
    h('div', {},
      h('h3', { id: `tier-${t.id}` }, h('strong', {}, t.title)),
      t.description ? h('p', { class: 'meta' }, t.description) : null,
      t.estimatedDelivery ? h('p', { class: 'meta' }, `Estimated delivery ${date(t.estimatedDelivery)}`) : null),
    h('div', { class: 'tier-side' },
      h('div', { class: 'min' }, `from ${formatMoney(t.minPledgeMinor, c.currency)}`),
      h('div', { class: 'slot-count', 'aria-live': 'polite' }, slotsText(t)),
      tierActions(c, t, state, changed)));
}

function updateList(updates) {
  return updates.updates.length
    ? updates.updates.map((u) => h('article', { class: 'card update' }, h('h3', {}, u.title),
      h('p', { class: 'meta' }, dateTime(u.postedAt)), h('p', {}, u.body)))
    : h('p', { class: 'meta' }, 'No updates yet.');
}

/**
 * Keeps the page current while it is open: progress straight from the event, slot counts and
 * updates re-read (coalesced) when an event says they changed, the whole page when the campaign's
 * state changes or the stream reconnects after a gap.
 */
function watchLive(c, ctx, changed, firstIndicator) {
  const view = () => document.getElementById('view');
  const rereadSlots = coalesce(async () => {
    const fresh = await api.get(`/campaigns/${c.id}`);
    if (!ctx.current()) return;
    for (const t of fresh.tiers) {
      const box = view().querySelector(`[data-tier="${CSS.escape(t.id)}"] .slot-count`);
      if (box && box.textContent !== slotsText(t).textContent) box.replaceChildren(slotsText(t));
    }
  });
  const rereadUpdates = coalesce(async () => {
    const updates = await api.get(`/campaigns/${c.id}/updates?pageSize=20`);
    if (ctx.current()) view().querySelector('.updates')?.replaceChildren(...[updateList(updates)].flat());
  });
  const close = watchCampaign(c.id, {
    progress(p) {
      const current = view().querySelector(`[data-progress="${CSS.escape(c.id)}"]`);
      if (!current) return;
      current.replaceWith(progress({ ...c, pledgedMinor: p.pledgedMinor, backerCount: p.backerCount }));
    },
    slots: rereadSlots,
    update(u) {
      announce(`New update: ${u.title}`);
      rereadUpdates();
    },
    campaign: () => changed(),
  }, {
    onResync: () => changed(),
    onState: (s) => {
      ctx.liveState = s;
      // The first page's indicator (maybe not shown yet) and whichever a re-render put in its place.
      firstIndicator.textContent = liveText(s);
      const shown = ctx.current() ? view()?.querySelector('.live-state') : null;
      if (shown) shown.textContent = liveText(s);
    },
  });
  ctx.onLeave(close);
}
