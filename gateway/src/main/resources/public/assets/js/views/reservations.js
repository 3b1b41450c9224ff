// My reservations: the backer's slot holds, with their countdowns, extend and release.
import * as api from '../api.js';
import * as session from '../session.js';
import { h, badge, actionButton, replaceKeepingFocus } from '../dom.js';
import { dateTime } from '../time.js';
import { countdown } from '../countdown.js';
import { pledgeHref } from './tiers.js';

export async function myReservations(match, ctx) {
  if (!session.signedIn()) return [h('h1', {}, 'My reservations'), h('p', {}, 'Sign in to see your reservations.')];
  const page = await api.get('/me/reservations?pageSize=50');
  const ids = [...new Set(page.reservations.map((r) => r.campaignId))];
  const campaigns = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await api.get(`/campaigns/${id}`).catch(() => null)])));
  const changed = async () => {
    const nodes = await myReservations(match, ctx);
    if (ctx.current()) replaceKeepingFocus(document.getElementById('view'), nodes);
  };
  const row = (r) => {
    const c = campaigns[r.campaignId];
    const tier = c?.tiers.find((t) => t.id === r.tierId);
    const active = r.status === 'active' && r.expiresAt && Date.parse(r.expiresAt) > Date.parse(page.serverTime);
    return h('article', { class: 'card reservation', 'data-reservation': r.id },
      h('h2', {}, c ? h('a', { href: `#/campaigns/${c.id}` }, c.title) : 'A campaign'),
      h('p', {}, tier ? tier.title : 'A reward', ' ', badge(active || r.status !== 'active' ? r.status : 'expired')),
      active
        ? h('div', { class: 'hold' },
          h('div', {}, 'Held for you: ', countdown(r.expiresAt, page.serverTime, { onExpire: changed, label: 'Time left to pledge' })),
          h('div', { class: 'row' },
            c ? h('a', { class: 'button', href: pledgeHref(c, r.tierId, r.id) }, 'Pledge now') : null,
            r.extended ? null : actionButton('Extend 5 min', async () => { await api.post(`/reservations/${r.id}:extend`); changed(); }),
            actionButton('Release', async () => { await api.post(`/reservations/${r.id}:release`); changed(); })))
        : h('p', { class: 'meta' }, r.endedAt ? `${r.status} ${dateTime(r.endedAt)}` : ''));
  };
  return [h('h1', {}, 'My reservations'),
    page.reservations.length ? h('div', { class: 'stack-list' }, page.reservations.map(row))
      : h('p', {}, 'No reservations yet. Hold a slot of a limited reward on a campaign page.')];
}
