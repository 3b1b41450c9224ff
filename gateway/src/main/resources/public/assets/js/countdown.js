// Live mm:ss countdowns (reservation holds, waitlist offers). One timer serves every countdown on
// the page, so re-rendering a view leaves no timer behind. A countdown that reaches zero calls
// its onExpire once.
import { h } from './dom.js';
import { localDeadline, mmss } from './time.js';

const expiries = new WeakMap();

/**
 * A <span role="timer"> counting down to `expiresAt` as of the server's `serverTime`. Screen
 * readers are told about the time left once a minute (aria-live on a separate hidden element),
 * not every second.
 */
export function countdown(expiresAt, serverTime, { onExpire, label = 'Time left' } = {}) {
  const deadline = localDeadline(expiresAt, serverTime);
  const el = h('span', { class: 'countdown', role: 'timer', 'aria-label': label, 'data-deadline': deadline });
  if (onExpire) expiries.set(el, onExpire);
  tick(el);
  return el;
}

function tick(el) {
  const left = Number(el.dataset.deadline) - performance.now();
  if (left > 0) {
    el.textContent = mmss(left);
    return;
  }
  el.textContent = '00:00';
  el.removeAttribute('data-deadline');
  const onExpire = expiries.get(el);
  if (onExpire) {
    expiries.delete(el);
    onExpire(el);
  }
}

setInterval(() => document.querySelectorAll('.countdown[data-deadline]').forEach(tick), 250);
