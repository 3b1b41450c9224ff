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
      const unread = !n.readAt;
      return h('li', { class: `card notification${unread ? ' unread' : ''}`, 'data-notification': n.id },
        h('h2', {}, unread ? h('span', { class: 'badge unread' }, 'new') : null, ' ', n.title || n.subject || n.type),
        h('p', { class: 'meta' }, dateTime(n.createdAt)),
        n.body ? h('p', {}, n.body) : null,
        n.link ? h('p', {}, h('a', { href: n.link }, 'Open')) : null,
        unread ? actionButton('Mark as read', async () => {
          const read = await api.post(`/me/notifications/${n.id}:read`, {});
          unreadChanged(read.unreadCount ?? 0);
          announce('Marked as read.');
          changed();
        }, { 'data-focus-key': `read-${n.id}` }) : null);
    })) : h('p', {}, 'Nothing here yet.'),
    h('p', {}, h('a', { href: '#/me/preferences' }, 'Notification preferences')),
  ];
}

/**
 * Notification preferences: for each type, e-mail and in-app on or off. Transactional types
 * (receipts, payment failures, cancellations) always send e-mail; that box is shown checked and
 * disabled. Saving sends only the types that changed.
 */
export async function preferences() {
  if (!session.signedIn()) return [h('h1', {}, 'Notification preferences'), h('p', {}, 'Sign in first.')];
  const current = await api.get('/me/notification-preferences').catch(notServed);
  if (!current) return [h('h1', {}, 'Notification preferences'), h('p', {}, 'Notifications are not available on this server yet.')];
  const words = (type) => type.replaceAll('_', ' ');
  const rows = current.preferences.map((p) => h('tr', {},
    h('th', { scope: 'row' }, words(p.type)),
    h('td', {}, h('input', { type: 'checkbox', name: `${p.type}.email`, checked: p.email || p.transactional,
      disabled: p.transactional, 'aria-label': `${words(p.type)} by e-mail${p.transactional ? ' (always sent)' : ''}` })),
    h('td', {}, h('input', { type: 'checkbox', name: `${p.type}.inApp`, checked: p.inApp, 'aria-label': `${words(p.type)} in the inbox` }))));
  return [
    h('h1', {}, 'Notification preferences'),
    form(h('table', { class: 'data preferences' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'About'), h('th', { scope: 'col' }, 'E-mail'), h('th', { scope: 'col' }, 'Inbox'))),
      h('tbody', {}, rows)),
    'Save preferences', async (values) => {
      const changes = current.preferences
        .map((p) => ({ type: p.type, email: p.transactional ? p.email : values[`${p.type}.email`] === 'on', inApp: values[`${p.type}.inApp`] === 'on' }))
        .filter((c, i) => c.email !== current.preferences[i].email || c.inApp !== current.preferences[i].inApp);
      if (changes.length) await api.put('/me/notification-preferences', { changes });
      announce('Preferences saved.');
    }),
  ];
}
