// Pieces several views show: a campaign's progress, its funding model in one sentence, tier slots.
import { h, progressBar } from '../dom.js';
import { formatMoney, percentOf } from '../money.js';
import { timeLeft, dateTime } from '../time.js';

export function progress(c) {
  const percent = percentOf(c.pledgedMinor, c.goalMinor);
  return h('div', { class: 'campaign-progress', 'data-progress': c.id },
    progressBar(percent, `${percent} % of the goal`),
    h('div', { class: 'meta' },
      h('strong', { class: 'pledged' }, formatMoney(c.pledgedMinor, c.currency)),
      ` of ${formatMoney(c.goalMinor, c.currency)} · `,
      h('span', { class: 'percent' }, `${percent} %`), ' · ',
      h('span', { class: 'backers' }, `${c.backerCount} ${c.backerCount === 1 ? 'backer' : 'backers'}`), ' · ',
      h('span', { class: 'time-left' }, c.status === 'active' ? timeLeft(c.endAt) : c.status.replaceAll('_', ' '))));
}

/** Updates a progress block in place (live events), without re-rendering the page. */
export function updateProgress(root, c) {
  const block = root.querySelector(`[data-progress="${CSS.escape(c.id)}"]`);
  if (!block) return;
  block.replaceWith(progress(c));
}

export function fundingModelSentence(c) {
  const end = dateTime(c.endAt);
  return c.fundingModel === 'keep_it_all'
    ? `Keep it all: your card is charged when you pledge, and the creator keeps what is raised even if the goal is not met.`
    : `All or nothing: your card is charged only if the campaign reaches its goal by ${end}; otherwise nothing is charged.`;
}

/** What a tier says about its slots: live counts, sold out with the line's length, or unknown. */
export function slotsText(t) {
  if (t.quantityLimit == null) return h('span', { class: 'slots' }, 'unlimited');
  if (!t.slotsKnown) return h('span', { class: 'slots' }, `${t.quantityLimit} slots`, h('span', { class: 'meta' }, ' · live count unavailable'));
  if (t.soldOut) return h('span', { class: 'slots soldout' }, 'sold out', h('span', { class: 'meta' }, ` · ${t.waitlistLength} waiting`));
  return h('span', { class: 'slots' }, `${t.slotsLeft} of ${t.quantityLimit} left`);
}

export const statusLabel = (s) => s.replaceAll('_', ' ');
