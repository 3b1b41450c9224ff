// The campaign list: search by words in the title or description, filter by state. The creator's
// own drafts are listed above.
import * as api from '../api.js';
import * as session from '../session.js';
import { h, badge, field } from '../dom.js';
import { progress } from './shared.js';

const STATES = [
  ['', 'Open and finished'], ['active', 'Active'], ['funded', 'Funded'], ['settling', 'Settling'],
  ['failed', 'Failed'], ['partially_funded', 'Partially funded'], ['cancelled', 'Cancelled'],
];
const DEFAULT_STATES = ['active', 'funded', 'settling', 'partially_funded'];

export async function campaignList(match, ctx) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const state = params.get('status') || '';
  const words = params.get('q') || '';
  const [page, drafts] = await Promise.all([
    api.get('/campaigns' + api.query({ status: state || DEFAULT_STATES, pageSize: 100 })),
    session.isCreator() && !state
      ? api.get('/campaigns' + api.query({ creatorId: session.subject(), status: 'draft' })).then((p) => p.campaigns) : [],
  ]);
  const matches = (c) => !words || words.toLowerCase().split(/\s+/).every((w) =>
    c.title.toLowerCase().includes(w) || (c.description || '').toLowerCase().includes(w));
  const shown = page.campaigns.filter(matches);

  const search = h('input', { type: 'search', name: 'q', value: words, autocomplete: 'off' });
  const status = h('select', { name: 'status' }, STATES.map(([value, label]) =>
    h('option', { value, selected: value === state }, label)));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Find campaigns' },
    field('Search', search), field('State', status), h('button', { type: 'submit' }, 'Show'));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = api.query({ q: search.value.trim(), status: status.value });
    location.hash = '#/' + q;
  });
  status.addEventListener('change', () => filters.requestSubmit());

  return [
    h('h1', {}, 'Campaigns'),
    filters,
    drafts.length ? [h('h2', {}, 'Your drafts'), h('div', { class: 'grid' }, drafts.map(card))] : null,
    h('p', { class: 'meta', role: 'status' }, `${shown.length} ${shown.length === 1 ? 'campaign' : 'campaigns'}`),
    shown.length ? h('div', { class: 'grid campaigns' }, shown.map(card)) : h('p', {}, 'No campaigns match.'),
  ];
}

function card(c) {
  return h('article', { class: 'card' },
    h('h3', {}, h('a', { href: `#/campaigns/${c.id}` }, c.title)),
    badge(c.status), progress(c));
}
