// The inbox (notifications about pledges, campaigns and holds) and the notification preferences.
import * as api from '../api.js';
import * as session from '../session.js';
import { h, actionButton, form, announce, replaceKeepingFocus } from '../dom.js';
import { dateTime } from '../time.js';

const unreadListeners = new Set();

/** Tells the navigation the unread count changed. */
export const onUnread = (fn) => unreadListeners.add(fn);
const unreadChanged = (n) => unreadListeners.forEach((fn) => fn(n));

/** A route this gateway does not serve (404 NOT_FOUND, no such route) reads as "not available". */
function notServed(e) {
  if (e.status === 404 && e.code === 'NOT_FOUND') return null;
  throw e;
}

export async function unreadCount() {
  if (!session.signedIn()) return 0;
  const page = await api.get('/me/notifications?pageSize=1');
  return page.unreadCount ?? 0;
}

export async function inbox(match, ctx) {
  if (!session.signedIn()) return [h('h1', {}, 'Inbox'), h('p', {}, 'Sign in to see your notifications.')];
  const page = await api.get('/me/notifications?pageSize=50').catch(notServed);
  if (!page) return [h('h1', {}, 'Inbox'), h('p', {}, 'Notifications are not available on this server yet.')];
  unreadChanged(page.unreadCount ?? 0);
  const changed = async () => {
    const nodes = await inbox(match, ctx);
    if (ctx.current()) replaceKeepingFocus(document.getElementById('view'), nodes);
  };
  const items = page.notifications || [];
  return [
    h('h1', {}, 'Inbox'),
    h('p', { class: 'meta', role: 'status' }, `${page.unreadCount ?? 0} unread`),
    items.length ? h('ul', { class: 'stack-list inbox' }, items.map((n) => {
      const unread = !n.readAt && n.read !== true;
      return h('li', { class: `card notification${unread ? ' unread' : ''}`, 'data-notification': n.id },
        h('h2', {}, unread ? h('span', { class: 'badge unread' }, 'new') : null, ' ', n.title || n.subject || n.type),
        h('p', { class: 'meta' }, dateTime(n.createdAt)),
        n.body ? h('p', {}, n.body) : null,
        unread ? actionButton('Mark as read', async () => {
          await api.post(`/me/notifications/${n.id}:read`, {});
          announce('Marked as read.');
          changed();
        }, { 'data-focus-key': `read-${n.id}` }) : null);
    })) : h('p', {}, 'Nothing here yet.'),
    h('p', {}, h('a', { href: '#/me/preferences' }, 'Notification preferences')),
  ];
}

/**
 * Notification preferences as the API returns them: every true/false setting becomes a checkbox
 * (labelled from its name), and the whole object is saved back.
 */
export async function preferences() {
  if (!session.signedIn()) return [h('h1', {}, 'Notification preferences'), h('p', {}, 'Sign in first.')];
  const prefs = await api.get('/me/notification-preferences').catch(notServed);
  if (!prefs) return [h('h1', {}, 'Notification preferences'), h('p', {}, 'Notifications are not available on this server yet.')];
  const toggles = flatten(prefs).filter(([, v]) => typeof v === 'boolean');
  const words = (path) => path.split('.').map((k) => k.replace(/([A-Z])/g, ' $1').toLowerCase()).join(': ');
  return [
    h('h1', {}, 'Notification preferences'),
    form(h('fieldset', {}, h('legend', {}, 'Tell me about'),
      toggles.map(([path, v]) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: path, checked: v }), ' ', words(path)))),
    'Save preferences', async (values) => {
      const next = structuredClone(prefs);
      for (const [path] of toggles) setPath(next, path, values[path] === 'on');
      await api.put('/me/notification-preferences', next);
      announce('Preferences saved.');
    }),
  ];
}

function flatten(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v)
    ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));
}

function setPath(obj, path, value) {
  const keys = path.split('.');
  const last = keys.pop();
  keys.reduce((o, k) => o[k], obj)[last] = value;
}
