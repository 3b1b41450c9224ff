// The creator's dashboard: pledge count and total, amount and slots by tier, backers by country,
// daily pledge velocity (a uPlot chart, with the same numbers in a table), settlement progress once
// the deadline passed. It follows the campaign's live events and re-reads itself when they say
// something changed.
import * as api from '../api.js';
import { h, badge, progressBar, replaceKeepingFocus } from '../dom.js';
import { formatMoney, percentOf } from '../money.js';
import { date, dateTime } from '../time.js';
import { watchCampaign, coalesce } from '../live.js';

const SETTLED = ['settling', 'funded', 'failed', 'partially_funded'];
let uPlotModule = null;
const loadUPlot = () => (uPlotModule ??= import('/assets/vendor/uplot/uPlot.esm.js').then((m) => m.default));

export async function dashboard(match, ctx) {
  const id = match[1];
  let shown = await render(id);
  // The dashboard is campaign-service's read model of the same events the page hears, so it may
  // lag the event by a moment: when a re-read shows nothing newer, read again after 0.5, 1, 2 s.
  let retry = null;
  const reread = async (attempt = 0) => {
    clearTimeout(retry);
    const fresh = await render(id);
    if (!ctx.current()) return;
    if (fresh.asOf === shown.asOf && attempt < 3) {
      retry = setTimeout(() => reread(attempt + 1), 500 * 2 ** attempt);
      return;
    }
    shown = fresh;
    replaceKeepingFocus(document.getElementById('view'), fresh.nodes);
    drawChart();
  };
  const onEvent = coalesce(() => reread(), 300);
  const close = watchCampaign(id, { progress: onEvent, pledge: onEvent, settlement: onEvent, campaign: onEvent },
    { onResync: onEvent });
  ctx.onLeave(() => { close(); clearTimeout(retry); });
  setTimeout(drawChart, 0); // once the router has put the view in the document
  return shown.nodes;
}

async function render(id) {
  const [c, d] = await Promise.all([api.get(`/campaigns/${id}`), api.get(`/campaigns/${id}/dashboard`)]);
  const settlement = SETTLED.includes(c.status) ? await api.get(`/campaigns/${id}/settlement`).catch(() => null) : null;
  const money = (m) => formatMoney(m, d.currency);
  const percent = percentOf(d.pledgedMinor, d.goalMinor);
  const daily = fillDays(d.daily);
  return { asOf: `${d.asOf}/${settlement ? JSON.stringify(settlement) : ''}/${c.status}`, nodes: [
    h('h1', {}, `Dashboard: ${c.title}`),
    h('p', {}, badge(c.status), ' ', h('a', { href: `#/campaigns/${c.id}` }, 'Campaign page')),
    h('section', { class: 'kpis', 'aria-label': 'Totals' },
      kpi('Pledges', String(d.pledgeCount), 'pledge-count'),
      kpi('Pledged', money(d.pledgedMinor), 'pledged-total'),
      kpi('Of the goal', `${percent} %`, 'goal-percent')),
    progressBar(percent, `${percent} % of the goal`),
    h('p', { class: 'meta' }, d.asOf ? `As of ${dateTime(d.asOf)}` : 'No pledges yet'),
    settlement ? settlementBlock(settlement) : null,
    h('h2', {}, 'By reward'),
    table(['Reward', 'Pledges', 'Amount', 'Slots'], d.tiers.map((t) => [
      t.title, String(t.pledgeCount), money(t.amountMinor), t.quantityLimit == null ? 'unlimited' : `${t.pledgeCount} of ${t.quantityLimit}`]), 'by-tier'),
    h('h2', {}, 'Backers by country'),
    d.countries.length ? table(['Country', 'Pledges'], d.countries.map((x) => [x.country || 'not given', String(x.pledgeCount)]), 'by-country')
      : h('p', { class: 'meta' }, 'No pledges yet.'),
    h('h2', { id: 'velocity-heading' }, 'Daily pledges'),
    h('figure', { class: 'chart', 'aria-labelledby': 'velocity-heading' },
      h('div', { id: 'velocity-chart', role: 'img', 'aria-label': `Pledges per day, ${daily.length} days; the table below has the numbers`,
        'data-days': JSON.stringify(daily.map((x) => [x.date, x.pledgeCount])) })),
    h('details', {}, h('summary', {}, 'Daily numbers'),
      table(['Day', 'Pledges', 'Amount'], daily.map((x) => [date(x.date), String(x.pledgeCount), money(x.amountMinor)]), 'by-day')),
  ] };
}

const kpi = (label, value, key) => h('div', { class: 'kpi', 'data-kpi': key }, h('span', { class: 'meta' }, label), h('strong', {}, value));

function table(headers, rows, key) {
  return h('table', { class: `data ${key}` },
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))))));
}

/** Settlement after the deadline: its phase, outcome, and how many pledges are done (pledge-service's counts). */
function settlementBlock(s) {
  const counts = s.counts || {};
  const count = (status) => Number(counts[status]?.count ?? 0);
  const total = Object.values(counts).reduce((sum, c) => sum + Number(c.count), 0);
  const done = Math.max(0, total - Number(s.remaining ?? 0));
  const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
  const left = s.estimatedSecondsLeft != null && s.remaining > 0 ? ` About ${Math.ceil(s.estimatedSecondsLeft / 60)} min to go.` : '';
  return h('section', { class: 'settlement', 'aria-labelledby': 'settlement-heading' },
    h('h2', { id: 'settlement-heading' }, 'Settlement'),
    h('p', {}, `Phase: ${s.phase}${s.outcome ? ` · outcome: ${s.outcome.replaceAll('_', ' ')}` : ''}`),
    progressBar(percent, `settlement ${percent} % done`),
    h('p', { class: 'settlement-counts' }, `${done} of ${total} pledges settled: ${count('captured')} captured, ${count('voided')} voided, `
      + `${count('payment_failed')} failed payments${s.remaining ? `, ${s.remaining} to go` : ''}.${left}`),
    s.capturedMinor ? h('p', {}, `Collected ${formatMoney(s.capturedMinor, s.currency)} of ${formatMoney(s.pledgedMinor, s.currency)} pledged.`) : null);
}

/** Every day of the last two weeks (or since the first pledge, if longer), zeros on days without pledges. */
function fillDays(daily) {
  const byDate = new Map(daily.map((x) => [x.date, x]));
  const out = [];
  const today = new Date().toISOString().slice(0, 10);
  const twoWeeksAgo = new Date(Date.parse(today + 'T00:00:00Z') - 13 * 86400000).toISOString().slice(0, 10);
  const first = daily.length && daily[0].date < twoWeeksAgo ? daily[0].date : twoWeeksAgo;
  const last = daily.length && daily[daily.length - 1].date > today ? daily[daily.length - 1].date : today;
  for (let t = Date.parse(first + 'T00:00:00Z'); ; t += 86400000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDate.get(day) || { date: day, pledgeCount: 0, amountMinor: 0 });
    if (day >= last || out.length > 400) break;
  }
  return out;
}

async function drawChart() {
  const box = document.getElementById('velocity-chart');
  if (!box) return;
  const days = JSON.parse(box.dataset.days);
  const uPlot = await loadUPlot();
  if (!box.isConnected) return;
  const xs = days.map(([d]) => Date.parse(d + 'T00:00:00Z') / 1000);
  const ys = days.map(([, n]) => n);
  box.replaceChildren();
  new uPlot({
    width: Math.min(760, box.clientWidth || 760), height: 240,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{}, { label: 'pledges', values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) }],
    series: [{ label: 'day' }, { label: 'pledges', stroke: '#1f6f5c', fill: 'rgba(31,111,92,0.15)', points: { show: true } }],
    legend: { show: false },
  }, [xs, ys], box);
  performance.mark('crowdfund:chart-drawn');
}
