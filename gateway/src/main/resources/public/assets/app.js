// Crowdfund web page: plain JavaScript over the REST API (/api/v1), no build step.
// Layout: api (HTTP + problems), session (token), format (money, time), holds (reservation
// countdowns), views (one function per route), router. A new screen is one more view and one
// more route.
'use strict';

const api = {
  async request(method, path, body, headers = {}) {
    const init = { method, headers: { Accept: 'application/json', ...headers } };
    const token = session.token();
    if (token) init.headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch('/api/v1' + path, init);
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    // a token the gateway no longer accepts (expired, or signed with an old secret) is refused
    // even on public reads: forget it, so the page goes on as a visitor who can sign in again
    if (response.status === 401 && token) session.signOut();
    if (!response.ok) throw Object.assign(new Error(data && data.detail || response.statusText), { problem: data });
    return data;
  },
  get: (path) => api.request('GET', path),
  post: (path, body, headers) => api.request('POST', path, body, headers),
  patch: (path, body) => api.request('PATCH', path, body),
};

const session = {
  token: () => localStorage.getItem('crowdfund.token'),
  claims() {
    const token = session.token();
    if (!token) return null;
    try {
      const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      if (claims.exp * 1000 < Date.now()) { localStorage.removeItem('crowdfund.token'); return null; }
      return claims;
    } catch (e) { return null; }
  },
  has: (role) => (session.claims()?.roles || []).includes(role),
  async signInAs(user) {
    const { token } = await api.post('/dev/tokens', user);
    localStorage.setItem('crowdfund.token', token);
  },
  signOut: () => localStorage.removeItem('crowdfund.token'),
};

const format = {
  digits: (currency) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits,
  money: (minor, currency) => new Intl.NumberFormat(undefined, { style: 'currency', currency })
    .format(minor / 10 ** format.digits(currency)),
  toMinor: (major, currency) => Math.round(Number(major) * 10 ** format.digits(currency)),
  timeLeft(iso) {
    if (!iso) return 'no deadline yet';
    const ms = new Date(iso) - Date.now();
    if (ms <= 0) return 'ended';
    const days = Math.floor(ms / 86400000), hours = Math.floor(ms / 3600000) % 24;
    return days > 0 ? `${days} d ${hours} h left` : `${hours} h ${Math.floor(ms / 60000) % 60} min left`;
  },
  percent: (c) => c.goalMinor > 0 ? Math.floor(100 * c.pledgedMinor / c.goalMinor) : 0,
  mmss(ms) {
    const s = Math.max(0, Math.ceil(ms / 1000));
    return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  },
};

// Builds DOM from a tag, attributes and children; text is always text, never HTML.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    // styles go through the CSSOM: the Content-Security-Policy refuses inline style attributes
    if (k === 'style') Object.assign(el.style, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) if (child != null) el.append(child instanceof Node ? child : String(child));
  return el;
}

// A problem+json answer as people read it: the fields to fix, or what happened and its code.
function problemBox(error) {
  const p = error.problem;
  if (p && p.errors) {
    return h('div', { class: 'problem', role: 'alert' }, 'Please check:',
      h('ul', {}, p.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))));
  }
  return h('div', { class: 'problem', role: 'alert' }, p ? `${p.detail} (${p.code})` : error.message);
}

function progress(c) {
  return [
    h('div', { class: 'progress' }, h('span', { style: { width: `${Math.min(100, format.percent(c))}%` } })),
    h('div', { class: 'meta' }, `${format.money(c.pledgedMinor, c.currency)} of ${format.money(c.goalMinor, c.currency)}`
      + ` · ${format.percent(c)} % · ${c.backerCount} backers · ${format.timeLeft(c.endAt)}`),
  ];
}

// A form whose submit runs `action(values)`; problems are shown above the button.
function form(fields, label, action) {
  const status = h('div');
  const el = h('form', { class: 'stack' }, fields, status, h('button', { type: 'submit' }, label));
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try { await action(Object.fromEntries(new FormData(el))); } catch (e) { status.append(problemBox(e)); }
  });
  return el;
}

const field = (label, input) => h('label', {}, label, input);

// Slot holds (reservations) and their countdowns. A hold lapses at the server's expiresAt; the
// time left is taken from the server (expiresAt - serverTime) and counted down on this machine's
// clock from the moment the answer arrived, so a browser clock that is off changes nothing.
const holds = {
  countdown(r) {
    const deadline = Date.now() + (Date.parse(r.expiresAt) - Date.parse(r.serverTime));
    const el = h('span', { class: 'countdown', role: 'timer', 'data-deadline': deadline });
    holds.tick(el);
    return el;
  },
  tick(el) {
    const left = Number(el.dataset.deadline) - Date.now();
    el.textContent = left > 0 ? format.mmss(left) : 'expired';
    el.closest('.hold')?.classList.toggle('expired', left <= 0);
  },
  // One timer for every countdown on the page, so re-rendering leaves none behind.
  start: () => setInterval(() => document.querySelectorAll('.countdown[data-deadline]').forEach(holds.tick), 250),

  // An active hold: time left, extend (once) and release. `changed` re-renders the page.
  panel(r, changed) {
    const act = (label, action) => h('button', { class: 'secondary', onclick: async (event) => {
      try { await api.post(`/reservations/${r.id}:${action}`); changed(); } catch (e) { event.target.after(problemBox(e)); }
    } }, label);
    return h('div', { class: 'hold', 'data-reservation': r.id },
      h('div', {}, `${r.quantity > 1 ? r.quantity + ' slots' : 'Slot'} held for you: `, r.expiresAt ? holds.countdown(r) : 'until you pledge'),
      h('div', { class: 'meta' }, 'Pledging opens in a coming release; until then the slot goes back when the timer runs out.'),
      h('div', { class: 'row' }, r.extended || !r.expiresAt ? null : act('Extend 5 min', 'extend'), act('Release', 'release')));
  },
};

// What a tier says about its slots: live counts from the gateway, or that they are unknown.
function slotsText(t) {
  if (t.quantityLimit == null) return h('span', { class: 'slots' }, 'unlimited');
  if (!t.slotsKnown) return h('span', { class: 'slots' }, `${t.quantityLimit} slots`, h('span', { class: 'meta' }, ' · live count unavailable'));
  if (t.soldOut) return h('span', { class: 'slots soldout' }, 'sold out', h('span', { class: 'meta' }, ` · ${t.waitlistLength} waiting`));
  return h('span', { class: 'slots' }, `${t.slotsLeft} of ${t.quantityLimit} left`);
}

// What the signed-in backer can do with a tier: hold a slot, see and manage the hold, or wait in line.
function tierActions(c, t, hold, changed) {
  if (t.quantityLimit == null) return h('div', { class: 'meta' }, 'No reservation needed');
  if (hold) return holds.panel(hold, changed);
  if (c.status !== 'active') return null;
  if (!session.claims()) return h('div', { class: 'meta' }, 'Sign in to reserve a slot');
  const status = h('div');
  const run = (action) => async (event) => {
    status.replaceChildren();
    event.target.disabled = true;
    try { await action(); } catch (e) { status.append(problemBox(e)); event.target.disabled = false; }
  };
  if (t.soldOut) {
    return h('div', {}, h('button', { onclick: run(async () => {
      const entry = await api.post(`/tiers/${t.id}/waitlist`, {});
      if (entry.status === 'offered') { changed(); return; }
      status.append(h('div', { class: 'meta waitlisted' }, `You are number ${entry.position} in line; a freed slot is offered to you first.`));
    }) }, 'Join waitlist'), status);
  }
  return h('div', {}, h('button', { onclick: run(async () => {
    await api.post('/reservations', { tierId: t.id });
    changed();
  }) }, 'Reserve a slot'), status);
}

const views = {
  async list() {
    const page = await api.get('/campaigns?status=active&status=funded&status=settling&pageSize=50');
    const mine = session.has('creator')
      ? (await api.get(`/campaigns?creatorId=${encodeURIComponent(session.claims().sub)}&status=draft`)).campaigns : [];
    const card = (c) => h('article', { class: 'card' },
      h('h3', {}, h('a', { href: `#/campaigns/${c.id}` }, c.title)),
      h('span', { class: `badge ${c.status}` }, c.status.replace('_', ' ')), progress(c));
    return [
      mine.length ? [h('h2', {}, 'Your drafts'), h('div', { class: 'grid' }, mine.map(card))] : null,
      h('h2', {}, 'Campaigns'),
      page.campaigns.length ? h('div', { class: 'grid' }, page.campaigns.map(card)) : h('p', {}, 'No campaigns yet.'),
    ];
  },

  async campaign(id) {
    const claims = session.claims();
    const [c, updates, mine] = await Promise.all([
      api.get(`/campaigns/${id}`),
      api.get(`/campaigns/${id}/updates?pageSize=20`),
      claims ? api.get(`/me/reservations?campaignId=${encodeURIComponent(id)}&activeOnly=true`).catch(() => null) : null,
    ]);
    const owner = claims && (claims.sub === c.creatorId || session.has('admin'));
    const holdOf = (t) => mine?.reservations.find((r) => r.tierId === t.id);
    const changed = () => router.render();
    return [
      h('h1', {}, c.title),
      h('span', { class: `badge ${c.status}` }, c.status.replace('_', ' ')),
      h('span', { class: 'meta' }, ` · ${c.fundingModel === 'keep_it_all' ? 'keep it all' : 'all or nothing'}`),
      progress(c),
      h('p', {}, c.description),
      h('h2', {}, 'Rewards'),
      c.status === 'active' && c.tiers.some((t) => t.quantityLimit != null)
        ? h('p', { class: 'notice' }, 'Pledging opens in a coming release. For now you can hold a slot of a limited reward '
          + 'for a few minutes, and join the waitlist of a sold-out one.') : null,
      c.tiers.length ? h('div', { class: 'tiers' }, c.tiers.map((t) => h('div', { class: 'card tier', 'data-tier': t.id },
        h('div', {}, h('strong', {}, t.title), h('div', { class: 'meta' }, t.description),
          t.estimatedDelivery ? h('div', { class: 'meta' }, `Estimated delivery ${t.estimatedDelivery}`) : null),
        h('div', { class: 'tier-side' }, h('div', {}, `from ${format.money(t.minPledgeMinor, c.currency)}`), slotsText(t),
          tierActions(c, t, holdOf(t), changed)))))
        : h('p', { class: 'meta' }, c.noRewards ? 'This campaign has no rewards.' : 'No rewards yet.'),
      h('h2', {}, 'Updates'),
      updates.updates.length ? updates.updates.map((u) => h('article', { class: 'card' }, h('h3', {}, u.title),
        h('div', { class: 'meta' }, new Date(u.postedAt).toLocaleString()), h('p', {}, u.body)))
        : h('p', { class: 'meta' }, 'No updates yet.'),
      owner ? views.ownerPanel(c) : null,
    ];
  },

  ownerPanel(c) {
    const reload = () => router.render();
    const act = (label, path, confirmText) => h('button', { class: 'secondary', onclick: async (event) => {
      if (confirmText && !confirm(confirmText)) return;
      try { await api.post(`/campaigns/${c.id}${path}`, {}); reload(); } catch (e) { event.target.after(problemBox(e)); }
    } }, label);
    const addTier = form([
      field('Title', h('input', { name: 'title', required: true })),
      field('Description', h('input', { name: 'description' })),
      field(`Minimum pledge (${c.currency})`, h('input', { name: 'min', type: 'number', min: '0', step: 'any', required: true })),
      field('Slots (empty = unlimited)', h('input', { name: 'limit', type: 'number', min: '1' })),
      field('Estimated delivery', h('input', { name: 'delivery', type: 'date' })),
    ], 'Add tier', async (v) => {
      await api.post(`/campaigns/${c.id}/tiers`, {
        title: v.title, description: v.description, minPledgeMinor: format.toMinor(v.min, c.currency),
        quantityLimit: v.limit ? Number(v.limit) : null, estimatedDelivery: v.delivery || null,
      }, { 'Idempotency-Key': crypto.randomUUID() });
      reload();
    });
    const postUpdate = form([
      field('Title', h('input', { name: 'title', required: true })),
      field('Message to backers', h('textarea', { name: 'body', rows: 4, required: true })),
    ], 'Post update', async (v) => {
      await api.post(`/campaigns/${c.id}/updates`, v, { 'Idempotency-Key': crypto.randomUUID() });
      reload();
    });
    return h('section', { class: 'owner' }, h('h2', {}, 'Manage'),
      h('div', { class: 'row' },
        c.status === 'draft' ? act('Launch', ':launch', 'Launch now? Goal, deadline and currency are then fixed.') : null,
        ['draft', 'active'].includes(c.status) ? act('Cancel campaign', ':cancel', 'Cancel this campaign?') : null),
      c.status === 'draft' ? [h('h3', {}, 'Add a reward tier'), addTier] : null,
      c.status === 'active' ? [h('h3', {}, 'Post an update'), postUpdate] : null);
  },

  async reservations() {
    if (!session.claims()) return h('p', {}, 'Sign in to see your reservations.');
    const page = await api.get('/me/reservations?pageSize=50');
    const campaignIds = [...new Set(page.reservations.map((r) => r.campaignId))];
    const campaigns = Object.fromEntries(await Promise.all(campaignIds.map(async (id) =>
      [id, await api.get(`/campaigns/${id}`).catch(() => null)])));
    const changed = () => router.render();
    const row = (r) => {
      const c = campaigns[r.campaignId];
      const tier = c?.tiers.find((t) => t.id === r.tierId);
      return h('article', { class: 'card reservation', 'data-reservation': r.id },
        h('h3', {}, c ? h('a', { href: `#/campaigns/${c.id}` }, c.title) : 'A campaign'),
        h('div', {}, tier ? tier.title : 'A reward', ' ', h('span', { class: `badge ${r.status}` }, r.status)),
        r.status === 'active' ? holds.panel({ ...r, serverTime: page.serverTime }, changed)
          : h('div', { class: 'meta' }, r.endedAt ? `${r.status} ${new Date(r.endedAt).toLocaleString()}` : ''));
    };
    return [h('h1', {}, 'My reservations'),
      page.reservations.length ? h('div', { class: 'stack-list' }, page.reservations.map(row))
        : h('p', {}, 'No reservations yet. Hold a slot of a limited reward on a campaign page.')];
  },

  create() {
    if (!session.has('creator') && !session.has('admin')) return h('p', {}, 'Sign in as a creator to start a campaign.');
    const currencies = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'SEK', 'JPY', 'KRW'];
    const key = crypto.randomUUID(); // one per form: a resubmission after a lost answer creates nothing twice
    return [h('h1', {}, 'Start a campaign'), form([
      field('Title', h('input', { name: 'title', required: true, maxlength: 120 })),
      field('Description', h('textarea', { name: 'description', rows: 5 })),
      field('Funding model', h('select', { name: 'fundingModel' },
        h('option', { value: 'all_or_nothing' }, 'All or nothing: charged only if the goal is met'),
        h('option', { value: 'keep_it_all' }, 'Keep it all: charged at once'))),
      field('Currency', h('select', { name: 'currency' }, currencies.map((c) => h('option', {}, c)))),
      field('Goal', h('input', { name: 'goal', type: 'number', min: '0', step: 'any', required: true })),
      field('Ends on', h('input', { name: 'end', type: 'date', required: true })),
      field('No rewards', h('input', { name: 'noRewards', type: 'checkbox' })),
    ], 'Create draft', async (v) => {
      const created = await api.post('/campaigns', {
        title: v.title, description: v.description, fundingModel: v.fundingModel, currency: v.currency,
        goalMinor: format.toMinor(v.goal, v.currency), endAt: new Date(v.end + 'T12:00:00Z').toISOString(),
        noRewards: v.noRewards === 'on',
      }, { 'Idempotency-Key': key });
      location.hash = `#/campaigns/${created.id}`;
    })];
  },
};

async function renderSession() {
  const box = document.getElementById('session');
  const claims = session.claims();
  document.getElementById('nav-new').hidden = !(session.has('creator') || session.has('admin'));
  document.getElementById('nav-mine').hidden = !claims;
  if (claims) {
    box.replaceChildren(h('span', {}, claims.name || claims.sub),
      h('button', { class: 'secondary', onclick: () => { session.signOut(); renderSession(); router.render(); } }, 'Sign out'));
    return;
  }
  let users;
  try { users = await api.get('/dev/users'); } catch (e) { box.replaceChildren(); return; } // not local mode
  const picker = h('select', { 'aria-label': 'Sign in as' }, h('option', { value: '' }, 'Sign in as…'),
    users.map((u, i) => h('option', { value: i }, u.name)));
  picker.addEventListener('change', async () => {
    if (picker.value === '') return;
    await session.signInAs(users[Number(picker.value)]);
    renderSession();
    router.render();
  });
  box.replaceChildren(picker);
}

const router = {
  routes: [
    [/^#\/campaigns\/([^/]+)$/, (m) => views.campaign(m[1])],
    [/^#\/new$/, () => views.create()],
    [/^#\/me\/reservations$/, () => views.reservations()],
    [/^(#\/?)?$/, () => views.list()],
  ],
  rendering: 0,
  // Renders overlap (a sign-in while a page loads, a quick second click): only the latest one is shown.
  async render() {
    const view = document.getElementById('view');
    const mine = ++router.rendering;
    const route = router.routes.find(([pattern]) => pattern.test(location.hash));
    let content;
    try {
      content = route ? await route[1](location.hash.match(route[0])) : h('p', {}, 'Nothing here.');
    } catch (e) {
      content = problemBox(e);
    }
    if (mine === router.rendering) view.replaceChildren(...[content].flat(3).filter((n) => n != null));
  },
};

window.addEventListener('hashchange', router.render);
holds.start();
renderSession();
router.render();
