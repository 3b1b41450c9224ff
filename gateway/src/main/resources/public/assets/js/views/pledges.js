// My pledges: each pledge's state; cancel and change (amount or reward) until the campaign's
// cutoff, after which the buttons are disabled with the time it locked and why; a failed payment
// fixed with another card within its window.
import * as api from '../api.js';
import * as session from '../session.js';
import { h, form, field, badge, actionButton, announce, replaceKeepingFocus } from '../dom.js';
import { formatMoney, toDecimalString } from '../money.js';
import { dateTime } from '../time.js';
import { moneyField, requireMoney } from './manage.js';
import { cardChooser } from './cards.js';
import { afterCreate, returnUrl } from './pledge.js';

const CHANGEABLE = ['pending', 'captured'];

export async function myPledges(match, ctx) {
  if (!session.signedIn()) return [h('h1', {}, 'My pledges'), h('p', {}, 'Sign in to see your pledges.')];
  const page = await api.get('/me/pledges?pageSize=100');
  const ids = [...new Set(page.pledges.map((p) => p.campaignId))];
  const campaigns = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await api.get(`/campaigns/${id}`).catch(() => null)])));
  const changed = async () => {
    const nodes = await myPledges(match, ctx);
    if (ctx.current()) replaceKeepingFocus(document.getElementById('view'), nodes);
  };
  const now = Date.now();
  return [
    h('h1', {}, 'My pledges'),
    page.pledges.length
      ? h('div', { class: 'stack-list' }, page.pledges.map((p) => pledgeCard(p, campaigns[p.campaignId], now, changed)))
      : h('p', {}, 'No pledges yet. Back a campaign from its page.'),
  ];
}

function pledgeCard(p, c, now, changed) {
  const tier = c?.tiers.find((t) => t.id === p.tierId);
  const locked = p.cancellableUntil && Date.parse(p.cancellableUntil) <= now;
  const open = CHANGEABLE.includes(p.status);
  return h('article', { class: 'card pledge', 'data-pledge': p.id, 'aria-labelledby': `pledge-${p.id}` },
    h('h2', { id: `pledge-${p.id}` }, c ? h('a', { href: `#/campaigns/${c.id}` }, c.title) : 'A campaign'),
    h('p', {}, badge(p.status), ' ', h('span', { class: 'amount' }, formatMoney(p.amountMinor, p.currency)),
      ' · ', tier ? tier.title : 'no reward', ' · ', h('a', { href: `#/pledges/${p.id}` }, 'details')),
    open ? cancelAndChange(p, c, locked, changed) : null,
    p.status === 'payment_failed' ? fixPayment(p, now, changed) : null,
    p.status === 'requires_action' && p.nextAction?.redirectUrl
      ? h('a', { class: 'button', href: p.nextAction.redirectUrl }, 'Confirm with your bank') : null);
}

function cancelAndChange(p, c, locked, changed) {
  if (locked) {
    const hours = c?.pledgeCutoffHours;
    return h('div', { class: 'locked' },
      h('button', { type: 'button', class: 'secondary', disabled: true, 'aria-describedby': `lock-${p.id}` }, 'Cancel pledge'),
      h('p', { class: 'meta', id: `lock-${p.id}` },
        `Locked since ${dateTime(p.cancellableUntil)}: pledges lock ${hours ? `${hours} h ` : ''}before the campaign ends`
        + `${c ? ` (${dateTime(c.endAt)})` : ''}, so the creator can count on them.`));
  }
  const key = api.newIdempotencyKey();
  const tiers = c?.tiers || [];
  const change = form([
    moneyField(`New amount (${p.currency})`, 'amount', p.currency, toDecimalString(p.amountMinor, p.currency)),
    tiers.length ? field('Reward', h('select', { name: 'tierId' },
      h('option', { value: '', selected: !p.tierId }, 'No reward'),
      tiers.filter((t) => t.quantityLimit == null || t.id === p.tierId).map((t) => h('option', { value: t.id, selected: t.id === p.tierId },
        `${t.title} (from ${formatMoney(t.minPledgeMinor, p.currency)})`))),
    'A limited reward is changed to by reserving its slot on the campaign page first') : null,
  ], 'Save change', async (v) => {
    const body = { amountMinor: requireMoney(v.amount, p.currency, 'New amount') };
    // "" = no reward, as the API spells it
    if (v.tierId !== undefined && v.tierId !== (p.tierId || '')) body.tierId = v.tierId;
    await api.patch(`/pledges/${p.id}`, body, { idempotencyKey: key });
    announce('Pledge changed.');
    changed();
  });
  return h('div', { class: 'pledge-actions' },
    h('p', { class: 'meta' }, `You can cancel or change this pledge until ${dateTime(p.cancellableUntil)}.`),
    actionButton('Cancel pledge', async () => {
      if (!confirm('Cancel this pledge?')) return;
      await api.post(`/pledges/${p.id}:cancel`, {});
      announce('Pledge cancelled.');
      changed();
    }, { 'data-focus-key': `cancel-${p.id}` }),
    h('details', {}, h('summary', {}, 'Change amount or reward'), change));
}

function fixPayment(p, now, changed) {
  const open = !p.fixBefore || Date.parse(p.fixBefore) > now;
  if (!open) return h('p', { class: 'problem' }, `The time to fix this payment ended ${dateTime(p.fixBefore)}.`);
  return h('section', { class: 'fix-payment', 'aria-label': 'Fix the payment' },
    h('p', { class: 'problem' }, `Payment failed${p.failureMessage ? `: ${p.failureMessage.replace(/\.+$/, '')}` : ''}. `
      + `Give another card${p.fixBefore ? ` before ${dateTime(p.fixBefore)}` : ''} to keep your pledge.`),
    form([cardChooser('paymentMethodId', 'pm_card_visa')], 'Use this card', async (v) => {
      const fixed = await api.post(`/pledges/${p.id}/payment-method`, { paymentMethodId: v.paymentMethodId, returnUrl: returnUrl() });
      if (fixed.status === 'requires_action' && fixed.nextAction?.redirectUrl) {
        afterCreate(fixed);
        return;
      }
      announce('Card updated.');
      changed();
    }));
}
