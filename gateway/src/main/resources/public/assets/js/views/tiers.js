// What a backer can do with a tier: pledge to an unlimited one; hold a slot of a limited one (with a
// mm:ss countdown against server time) and pledge with it; join the waitlist of a sold-out one and
// see the place in line (also after a reload: the entry id is remembered in this browser); take a
// waitlist offer before its own countdown runs out.
import * as api from '../api.js';
import * as session from '../session.js';
import { h, actionButton, announce } from '../dom.js';
import { countdown } from '../countdown.js';

const waitlistKey = (tierId) => `crowdfund.waitlist.${session.subject()}.${tierId}`;

/** The backer's waitlist entry of a tier, when this browser joined one and it is still open. */
export async function rememberedWaitlistEntry(tierId) {
  const id = localStorage.getItem(waitlistKey(tierId));
  if (!id) return null;
  try {
    const entry = await api.get(`/waitlist-entries/${encodeURIComponent(id)}`);
    if (entry.status === 'waiting' || entry.status === 'offered') return entry;
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  localStorage.removeItem(waitlistKey(tierId));
  return null;
}

export const pledgeHref = (c, tierId, reservationId) =>
  `#/campaigns/${c.id}/pledge${api.query({ tier: tierId, reservation: reservationId })}`;

/**
 * The actions of one tier. `state` holds what the page knows about the backer: `hold` (an active
 * reservation with serverTime), `entry` (a waitlist entry), `expired` (their hold just ran out).
 * `changed()` re-reads the page.
 */
export function tierActions(c, t, state, changed) {
  const pledgeable = c.status === 'active';
  if (t.quantityLimit == null) {
    return pledgeable ? h('a', { class: 'button', href: pledgeHref(c, t.id) }, `Pledge to ${t.title}`) : null;
  }
  if (state.hold) return holdPanel(c, t, state.hold, changed);
  if (state.entry) return waitlistPanel(c, t, state.entry, changed);
  if (!pledgeable) return null;
  if (!session.signedIn()) return h('div', { class: 'meta' }, 'Sign in to reserve a slot');
  const expired = state.expired ? h('p', { class: 'problem', role: 'alert' }, 'Reservation expired — try again') : null;
  if (t.soldOut) {
    return h('div', { class: 'actions' }, expired, actionButton('Join waitlist', async () => {
      const entry = await api.post(`/tiers/${t.id}/waitlist`, {});
      localStorage.setItem(waitlistKey(t.id), entry.id);
      announce(entry.status === 'offered' ? 'A slot is offered to you.' : `You are number ${entry.position} in line.`);
      changed();
    }, { class: '', 'data-focus-key': `waitlist-${t.id}` }));
  }
  return h('div', { class: 'actions' }, expired, actionButton('Reserve a slot', async () => {
    await api.post('/reservations', { tierId: t.id });
    announce(`A slot of ${t.title} is held for you.`);
    changed();
  }, { class: '', 'data-focus-key': `reserve-${t.id}` }));
}

function holdPanel(c, t, r, changed) {
  const onExpire = () => changed({ expiredTier: t.id });
  return h('div', { class: 'hold', 'data-reservation': r.id },
    h('div', {}, `${r.quantity > 1 ? r.quantity + ' slots' : 'Slot'} held for you: `,
      countdown(r.expiresAt, r.serverTime, { onExpire, label: 'Time left to pledge' })),
    h('div', { class: 'row' },
      h('a', { class: 'button', href: pledgeHref(c, t.id, r.id), 'data-focus-key': `pledge-${t.id}` }, 'Pledge now'),
      r.extended ? null : actionButton('Extend 5 min', async () => { await api.post(`/reservations/${r.id}:extend`); changed(); }),
      actionButton('Release', async () => { await api.post(`/reservations/${r.id}:release`); changed(); })));
}

function waitlistPanel(c, t, entry, changed) {
  const leave = actionButton('Leave the line', async () => {
    await api.post(`/waitlist-entries/${entry.id}:leave`);
    localStorage.removeItem(waitlistKey(t.id));
    changed();
  });
  if (entry.status === 'offered' && entry.reservation) {
    const r = { ...entry.reservation, serverTime: entry.serverTime };
    return h('div', { class: 'hold offer', 'data-reservation': r.id },
      h('div', {}, 'A slot was freed and is offered to you: ',
        countdown(r.expiresAt, r.serverTime, { onExpire: () => changed({ expiredTier: t.id }), label: 'Time left to take the offer' })),
      h('div', { class: 'row' }, h('a', { class: 'button', href: pledgeHref(c, t.id, r.id) }, 'Pledge now'), leave));
  }
  return h('div', { class: 'waitlisted' },
    h('p', { class: 'meta' }, `You are number ${entry.position} in line; a freed slot is offered to you first.`), leave);
}
