// Pledging: the form (amount at least the tier's minimum, a card, the country), the held slot's
// countdown while the backer fills it in, 3-D Secure through the provider's page and back, and the
// pledge's own page (confirmation, and where the backer lands after authenticating).
import * as api from '../api.js';
import * as session from '../session.js';
import { h, form, field, badge, announce } from '../dom.js';
import { formatMoney, toDecimalString } from '../money.js';
import { dateTime } from '../time.js';
import { countdown } from '../countdown.js';
import { moneyField, requireMoney } from './manage.js';
import { cardChooser, countryChooser } from './cards.js';

const PENDING = 'crowdfund.pendingPledge';

/** Where the provider sends the backer back after 3-D Secure; the pledge is the one remembered in this tab. */
export const returnUrl = () => `${location.origin}/#/pledges/return`;

export async function pledgeForm(match) {
  const campaignId = match[1];
  const params = new URLSearchParams(match[2] || '');
  const tierId = params.get('tier');
  const reservationId = params.get('reservation');
  if (!session.signedIn()) return [h('h1', {}, 'Pledge'), h('p', {}, 'Sign in to pledge.')];
  const [c, hold] = await Promise.all([
    api.get(`/campaigns/${campaignId}`),
    reservationId ? api.get(`/reservations/${encodeURIComponent(reservationId)}`) : null,
  ]);
  const tier = c.tiers.find((t) => t.id === tierId) || null;
  const minimum = tier ? tier.minPledgeMinor : 1;
  const key = api.newIdempotencyKey();
  const expired = h('div', { role: 'alert' });
  const holdBox = hold && hold.status === 'active' && hold.expiresAt
    ? h('p', { class: 'hold inline-hold' }, 'Your slot is held for ', countdown(hold.expiresAt, hold.serverTime, {
      label: 'Time left to pledge',
      onExpire: () => {
        expired.replaceChildren(h('p', { class: 'problem' }, 'Reservation expired — try again. ',
          h('a', { href: `#/campaigns/${c.id}` }, 'Back to the rewards')));
        document.querySelector('form.pledge button[type=submit]')?.setAttribute('disabled', '');
      },
    }), ' — pledge before it runs out.')
    : null;

  const pledge = form([
    moneyField(`Amount (${c.currency})`, 'amount', c.currency, toDecimalString(minimum, c.currency)),
    h('p', { class: 'meta' }, `At least ${formatMoney(minimum, c.currency)}${tier ? ` for ${tier.title}` : ''}.`),
    cardChooser(),
    countryChooser(),
  ], `Pledge`, async (v) => {
    const amountMinor = requireMoney(v.amount, c.currency, 'Amount');
    if (amountMinor < minimum) {
      const message = `must be at least ${formatMoney(minimum, c.currency)}`;
      throw Object.assign(new Error(`Amount ${message}`), { problem: { errors: [{ field: 'Amount', message }] } });
    }
    const created = await api.post('/pledges', {
      campaignId: c.id, tierId: tier?.id ?? null, amountMinor, currency: c.currency,
      reservationId: reservationId || null, paymentMethodId: v.paymentMethodId, country: v.country || null,
      returnUrl: returnUrl(), locale: navigator.language || null,
    }, { idempotencyKey: key });
    afterCreate(created);
  }, { class: 'stack pledge' });

  return [
    h('h1', {}, `Back ${c.title}`),
    h('p', {}, tier ? `Reward: ${tier.title}` : 'No reward, just support.'),
    holdBox, expired, pledge,
    h('p', { class: 'meta' }, c.fundingModel === 'keep_it_all'
      ? 'Your card is charged now.' : `Your card is charged only if the goal is met by ${dateTime(c.endAt)}.`),
  ];
}

/** After creating (or giving a new card): to the provider for 3-D Secure, or to the pledge. */
export function afterCreate(pledge) {
  if (pledge.status === 'requires_action' && pledge.nextAction?.redirectUrl) {
    sessionStorage.setItem(PENDING, pledge.id);
    location.assign(pledge.nextAction.redirectUrl);
    return;
  }
  location.hash = `#/pledges/${pledge.id}`;
}

/**
 * Back from the provider's 3-D Secure page: the pledge that went to authenticate (remembered in
 * this tab, or else the backer's newest pledge waiting for authentication) continues its saga, or
 * fails if the authentication did, and its page shows which.
 */
export async function pledgeReturn() {
  const id = sessionStorage.getItem(PENDING) || await newestAwaitingAuthentication();
  if (!id) {
    location.replace('#/me/pledges');
    return [h('h1', {}, 'Back from your bank')];
  }
  sessionStorage.removeItem(PENDING);
  await api.post(`/pledges/${encodeURIComponent(id)}:confirm-authentication`, {});
  location.replace(`#/pledges/${id}`);
  return [h('h1', {}, 'Back from your bank')];
}

/** The bank's page may open in another tab than the one that pledged: then the pledge is found by its state. */
async function newestAwaitingAuthentication() {
  if (!session.signedIn()) return null;
  const page = await api.get('/me/pledges?pageSize=100');
  return page.pledges.find((p) => p.status === 'requires_action')?.id ?? null;
}

const SETTLING = ['requires_action', 'authorizing'];
const MESSAGES = {
  pending: 'Thank you! Your pledge is in. Your card is charged when the campaign succeeds.',
  captured: 'Thank you! Your pledge is in and your card was charged.',
  requires_action: 'Your bank asks you to confirm this payment.',
  payment_failed: 'The payment failed. Give another card before the deadline below to keep your pledge.',
  failed: 'The pledge did not go through; nothing was charged and no slot is taken.',
  cancelled: 'You cancelled this pledge.',
  voided: 'The campaign missed its goal: nothing was charged.',
  dropped: 'The payment was not fixed in time; the pledge was dropped.',
  refunded: 'This pledge was refunded.',
};

/** One pledge: the confirmation after pledging and the page 3-D Secure returns to. */
export async function pledgePage(match, ctx) {
  const id = match[1];
  const p = await api.get(`/pledges/${encodeURIComponent(id)}`);
  if (!SETTLING.includes(p.status)) sessionStorage.removeItem(PENDING);
  const c = await api.get(`/campaigns/${p.campaignId}`).catch(() => null);
  const tier = c?.tiers.find((t) => t.id === p.tierId);
  if (SETTLING.includes(p.status)) awaitOutcome(p, ctx);
  announce(MESSAGES[p.status] || p.status);
  return [
    h('h1', {}, p.status === 'pending' || p.status === 'captured' ? 'Pledge confirmed' : 'Your pledge'),
    h('p', { class: 'pledge-status' }, badge(p.status), ' ', MESSAGES[p.status] || ''),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Campaign'), h('dd', {}, c ? h('a', { href: `#/campaigns/${c.id}` }, c.title) : p.campaignId),
      h('dt', {}, 'Reward'), h('dd', {}, tier ? tier.title : 'No reward'),
      h('dt', {}, 'Amount'), h('dd', { class: 'amount' }, formatMoney(p.amountMinor, p.currency)),
      p.cancellableUntil ? [h('dt', {}, 'Cancel or change until'), h('dd', {}, dateTime(p.cancellableUntil))] : null,
      p.failureMessage ? [h('dt', {}, 'Payment problem'), h('dd', {}, p.failureMessage)] : null),
    p.status === 'requires_action' && p.nextAction?.redirectUrl
      ? h('p', {}, h('a', { class: 'button', href: p.nextAction.redirectUrl }, 'Confirm with your bank')) : null,
    h('p', {}, h('a', { href: '#/me/pledges' }, 'All my pledges')),
  ];
}

/**
 * While the saga finishes after 3-D Secure (the provider's webhook reaches payment-service, then
 * pledge-service), re-reads the pledge with growing pauses (1, 2, 4 … 16 s), never in a tight loop.
 */
function awaitOutcome(p, ctx) {
  let delay = 1000;
  const check = async () => {
    if (!ctx.current()) return;
    const fresh = await api.get(`/pledges/${encodeURIComponent(p.id)}`).catch(() => null);
    if (!ctx.current()) return;
    if (fresh && fresh.status !== p.status) { ctx.rerender(); return; }
    delay = Math.min(delay * 2, 16000);
    timer = setTimeout(check, delay);
  };
  let timer = setTimeout(check, delay);
  ctx.onLeave(() => clearTimeout(timer));
}
