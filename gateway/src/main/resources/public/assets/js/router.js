// Hash routes to views. A view is an async function of the route's match and a context; it returns
// the nodes to show and may register cleanups (closing its event stream) with ctx.onLeave. Only the
// newest render is shown (a sign-in while a page loads, a quick second click), and after each view
// change focus moves to the new heading so keyboard and screen-reader users land on it.
import { h, problemBox } from './dom.js';

const routes = [];
let rendering = 0;
let cleanups = [];

/** Adds a route: a pattern on location.hash and its view. */
export function route(pattern, view, title) {
  routes.push({ pattern, view, title });
}

export const go = (hash) => { if (location.hash === hash) render(); else location.hash = hash; };

export async function render({ keepFocus = false } = {}) {
  const view = document.getElementById('view');
  const mine = ++rendering;
  const found = routes.find((r) => r.pattern.test(location.hash || '#/'));
  const leaving = cleanups;
  cleanups = [];
  leaving.forEach((fn) => fn());
  const ctx = { onLeave: (fn) => cleanups.push(fn), current: () => mine === rendering, rerender: () => render({ keepFocus: true }) };
  let content;
  try {
    content = found ? await found.view((location.hash || '#/').match(found.pattern), ctx) : h('h1', {}, 'Nothing here');
  } catch (e) {
    content = [h('h1', {}, 'Something went wrong'), problemBox(e)];
  }
  if (mine !== rendering) {
    // a newer render replaced this one: whatever it opened must close
    cleanups.forEach((fn) => fn());
    cleanups = [];
    return;
  }
  const active = document.activeElement;
  const activeKey = active?.dataset?.focusKey;
  view.replaceChildren(...[content].flat(Infinity).filter((n) => n != null && n !== false));
  // which route the view shows now (tests wait on it; a hash change alone does not reload the page)
  view.dataset.route = location.hash || '#/';
  view.dataset.render = String(mine);
  performance.mark('crowdfund:view-shown', { detail: view.dataset.route });
  const heading = view.querySelector('h1');
  document.title = heading ? `${heading.textContent} · Crowdfund` : 'Crowdfund';
  markCurrentNav();
  if (keepFocus && activeKey) {
    view.querySelector(`[data-focus-key="${CSS.escape(activeKey)}"]`)?.focus();
  } else if (!keepFocus && heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

function markCurrentNav() {
  document.querySelectorAll('header nav a').forEach((a) => {
    if (a.getAttribute('href') === (location.hash || '#/')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

export function start() {
  window.addEventListener('hashchange', () => render());
  render();
}
