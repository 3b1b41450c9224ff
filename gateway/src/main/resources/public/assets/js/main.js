// Crowdfund's web page: plain ES modules over the REST API, no build step. main wires the routes
// to their views and keeps the header (sign-in, navigation, unread count) current.
//   api.js      the only code that calls the server (token, Idempotency-Key, problems)
//   money.js    integer minor units, formatted exactly; never a float
//   live.js     server-sent events of a campaign, reconnecting
//   router.js   hash routes, focus on the new heading, cleanups when a view is left
//   views/*.js  one module per screen
// A new screen is a module in views/ and one route() line below.
import * as api from './api.js';
import * as session from './session.js';
import { h } from './dom.js';
import { route, render, start } from './router.js';
import { campaignList } from './views/campaigns.js';
import { campaignPage } from './views/campaign.js';
import { createCampaign } from './views/create.js';
import { dashboard } from './views/dashboard.js';
import { pledgeForm, pledgePage, pledgeReturn } from './views/pledge.js';
import { myPledges } from './views/pledges.js';
import { myReservations } from './views/reservations.js';
import { inbox, preferences, unreadCount, onUnread } from './views/inbox.js';

route(/^#\/campaigns\/([^/?]+)\/pledge(?:\?(.*))?$/, (m, ctx) => pledgeForm(m, ctx));
route(/^#\/campaigns\/([^/?]+)\/dashboard$/, (m, ctx) => dashboard(m, ctx));
route(/^#\/campaigns\/([^/?]+)$/, (m, ctx) => campaignPage(m, ctx));
route(/^#\/new$/, () => createCampaign());
route(/^#\/pledges\/return(?:[?&].*)?$/, () => pledgeReturn());
// a pledge's own page; notifications (e-mail and inbox) link to it as #/me/pledges/{id}
route(/^#\/(?:me\/)?pledges\/([^/?&]+)(?:[?&].*)?$/, (m, ctx) => pledgePage(m, ctx));
route(/^#\/me\/pledges$/, (m, ctx) => myPledges(m, ctx));
route(/^#\/me\/reservations$/, (m, ctx) => myReservations(m, ctx));
// notifications link to the inbox as #/me/notifications
route(/^#\/me\/(?:inbox|notifications)$/, (m, ctx) => inbox(m, ctx));
route(/^#\/me\/preferences$/, () => preferences());
route(/^(?:#\/?)?(?:\?.*)?$/, (m, ctx) => campaignList(m, ctx));

const byId = (id) => document.getElementById(id);

function showUnread(n) {
  const badge = byId('unread');
  badge.textContent = n > 0 ? String(n) : '';
  badge.hidden = !(n > 0);
  byId('nav-inbox').setAttribute('aria-label', n > 0 ? `Inbox, ${n} unread` : 'Inbox');
}
onUnread(showUnread);

async function renderSession() {
  const box = byId('session');
  const claims = session.claims();
  byId('nav-new').hidden = !session.isCreator();
  for (const id of ['nav-pledges', 'nav-mine', 'nav-inbox']) byId(id).hidden = !claims;
  if (claims) {
    const out = h('button', { type: 'button', class: 'secondary' }, 'Sign out');
    out.addEventListener('click', () => session.setToken(null));
    box.replaceChildren(h('span', {}, claims.name || claims.sub), out);
    unreadCount().then(showUnread, () => showUnread(0));
    return;
  }
  showUnread(0);
  let users;
  try {
    users = await api.get('/dev/users');
  } catch (e) {
    box.replaceChildren(); // not local mode: tokens come from the identity provider
    return;
  }
  const picker = h('select', { 'aria-label': 'Sign in as' }, h('option', { value: '' }, 'Sign in as…'),
    users.map((u, i) => h('option', { value: i }, u.name)));
  picker.addEventListener('change', async () => {
    if (picker.value === '') return;
    const { token } = await api.post('/dev/tokens', users[Number(picker.value)]);
    session.setToken(token);
  });
  box.replaceChildren(picker);
}

// The skip link moves focus to the view's heading; it must not change the route.
byId('skip').addEventListener('click', (event) => {
  event.preventDefault();
  const target = byId('view').querySelector('h1') || byId('view');
  target.tabIndex = -1;
  target.focus();
});

// The bank's 3-D Secure page sends the backer back to the page's address with the provider's
// query (payment_intent or setup_intent, its client secret, redirect_status): the pledge continues
// at #/pledges/return. The query leaves the address bar and the history (it holds a secret).
if (new URLSearchParams(location.search).has('redirect_status')) {
  const status = new URLSearchParams(location.search).get('redirect_status');
  history.replaceState(null, '', `${location.pathname}#/pledges/return?redirect_status=${encodeURIComponent(status)}`);
}

session.onChange(() => {
  renderSession();
  render();
});
renderSession();
start();
