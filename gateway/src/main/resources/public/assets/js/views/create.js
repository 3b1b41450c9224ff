// Start a campaign (creators): a draft, opened on its page where tiers are added and it is launched.
import * as api from '../api.js';
import * as session from '../session.js';
import { h, form, field } from '../dom.js';
import { requireMoney } from './manage.js';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'MXN', 'SGD', 'HKD', 'JPY', 'KRW'];

export function createCampaign() {
  if (!session.isCreator()) return [h('h1', {}, 'Start a campaign'), h('p', {}, 'Sign in as a creator to start a campaign.')];
  const key = api.newIdempotencyKey(); // one per form: a resubmission after a lost answer creates nothing twice
  const currency = h('select', { name: 'currency' }, CURRENCIES.map((c) => h('option', {}, c)));
  return [h('h1', {}, 'Start a campaign'), form([
    field('Title', h('input', { name: 'title', required: true, maxlength: 120 })),
    field('Description', h('textarea', { name: 'description', rows: 5 })),
    field('Funding model', h('select', { name: 'fundingModel' },
      h('option', { value: 'all_or_nothing' }, 'All or nothing: charged only if the goal is met'),
      h('option', { value: 'keep_it_all' }, 'Keep it all: charged at once'))),
    field('Currency', currency),
    field('Goal', h('input', { name: 'goal', required: true, inputmode: 'decimal', autocomplete: 'off' }),
      'In the chosen currency, e.g. 1500 or 1500.50 (yen and won have no decimals)'),
    field('Ends on', h('input', { name: 'end', type: 'date', required: true })),
    h('label', { class: 'inline' }, h('input', { name: 'noRewards', type: 'checkbox' }), ' No rewards'),
  ], 'Create draft', async (v) => {
    const created = await api.post('/campaigns', {
      title: v.title, description: v.description, fundingModel: v.fundingModel, currency: v.currency,
      goalMinor: requireMoney(v.goal, v.currency, 'Goal'), endAt: new Date(v.end + 'T12:00:00Z').toISOString(),
      noRewards: v.noRewards === 'on',
    }, { idempotencyKey: key });
    location.hash = `#/campaigns/${created.id}`;
  })];
}
