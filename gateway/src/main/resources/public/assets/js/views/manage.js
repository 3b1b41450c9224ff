// The campaign owner's controls on the campaign page: launch, cancel, add a reward tier (draft),
// post an update (active), and the way to the dashboard.
import * as api from '../api.js';
import { h, form, field, actionButton, announce } from '../dom.js';
import { parseMoney, exponent } from '../money.js';

export function ownerPanel(c, changed) {
  const tierKey = api.newIdempotencyKey();
  const updateKey = api.newIdempotencyKey();
  const confirmThen = (text, path) => async () => {
    if (!confirm(text)) return;
    await api.post(`/campaigns/${c.id}${path}`, {});
    changed();
  };
  const addTier = form([
    field('Title', h('input', { name: 'title', required: true, maxlength: 120 })),
    field('Description', h('input', { name: 'description' })),
    moneyField(`Minimum pledge (${c.currency})`, 'min', c.currency),
    field('Slots', h('input', { name: 'limit', type: 'number', min: '1', step: '1', inputmode: 'numeric' }), 'Leave empty for an unlimited reward'),
    field('Estimated delivery', h('input', { name: 'delivery', type: 'date' })),
  ], 'Add tier', async (v) => {
    await api.post(`/campaigns/${c.id}/tiers`, {
      title: v.title, description: v.description, minPledgeMinor: requireMoney(v.min, c.currency, 'Minimum pledge'),
      quantityLimit: v.limit ? Number.parseInt(v.limit, 10) : null, estimatedDelivery: v.delivery || null,
    }, { idempotencyKey: tierKey });
    announce(`Tier ${v.title} added.`);
    changed();
  });
  const postUpdate = form([
    field('Title', h('input', { name: 'title', required: true, maxlength: 120 })),
    field('Message to backers', h('textarea', { name: 'body', rows: 4, required: true })),
  ], 'Post update', async (v) => {
    await api.post(`/campaigns/${c.id}/updates`, v, { idempotencyKey: updateKey });
    announce('Update posted.');
    changed();
  });
  return h('section', { class: 'owner', 'aria-labelledby': 'manage-heading' },
    h('h2', { id: 'manage-heading' }, 'Manage'),
    h('div', { class: 'row' },
      c.status !== 'draft' ? h('a', { class: 'button', href: `#/campaigns/${c.id}/dashboard` }, 'Dashboard') : null,
      c.status === 'draft' ? actionButton('Launch', confirmThen('Launch now? Goal, deadline and currency are then fixed.', ':launch'), { class: '' }) : null,
      ['draft', 'active'].includes(c.status) ? actionButton('Cancel campaign', confirmThen('Cancel this campaign?', ':cancel')) : null),
    c.status === 'draft' ? [h('h3', {}, 'Add a reward tier'), addTier] : null,
    c.status === 'active' ? [h('h3', {}, 'Post an update'), postUpdate] : null);
}

/** A text field for an amount of money: typed as digits and read as integer minor units. */
export function moneyField(label, name, currency, value = '') {
  const digits = exponent(currency);
  return field(label, h('input', { name, required: true, inputmode: digits ? 'decimal' : 'numeric', autocomplete: 'off',
    pattern: digits ? `[0-9][0-9,]*(\\.[0-9]{0,${digits}})?` : '[0-9][0-9,]*', value }),
    digits ? `An amount like 25 or 25.50` : 'A whole amount, no decimals');
}

/** Minor units of a typed amount, or a validation error naming the field. */
export function requireMoney(text, currency, label) {
  const minor = parseMoney(text, currency);
  if (minor == null || minor <= 0) {
    const message = `must be an amount in ${currency} with at most ${exponent(currency)} decimals`;
    throw Object.assign(new Error(`${label} ${message}`), { problem: { errors: [{ field: label, message }] } });
  }
  return minor;
}
