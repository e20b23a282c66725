// The authorized body's dashboard: applications and decisions by state and programme,
// deadlines kept versus missed, money assigned — charts with their figures in tables.
import { t } from './i18n.js';
import { get, offers } from './api.js';
import { h, fill, field, form, table, kv, badge, loading } from './ui.js';
import { formatDate, formatMoney, formatMonth } from './format.js';
import { barChart } from './charts.js';
import { STAFF } from './session.js';
import { figuresWarning } from './statistics.js';

const legend = (series) => h('div', { class: 'legend', 'aria-hidden': 'true' },
  series.map((s) => h('span', {}, h('span', { class: `swatch ${s.cls || ''}` }), s.label)));

function chartCard(id, title, rows, series, format, columns, options = {}) {
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title),
    rows.length ? [barChart({ title, rows, series, format, ...options }), series.length > 1 ? legend(series) : null,
      h('details', {}, h('summary', {}, t('dashboard.figures')), table(columns, rows, { caption: title }))]
      : h('p', { class: 'muted' }, t('common.none')));
}

async function page(main, params, period = {}) {
  loading(main);
  const q = new URLSearchParams();
  if (period.from) q.set('from', period.from);
  if (period.to) q.set('to', period.to);
  const d = await get(`/api/v1/dashboard${q.toString() ? `?${q}` : ''}`);
  // Regional figures the open cases will need and that are not entered: said before a case
  // waits for them (issue 16).
  const wanted = await figuresWarning();
  // Money paid against the budget (payments module, 001 §21): the budget lines of the
  // territory as the State Corporation reported them. Roles that may not read budgets, or a
  // server without them, see the assigned money only.
  const budgets = (await offers('GET', '/api/v1/budgets'))
    ? await get('/api/v1/budgets').then((b) => b.budgets).catch(() => null) : null;
  // A bar per line: the paid part, then the rest of the allocation (stacked, so the whole bar
  // is the allocation); the figures after it read "paid / allocation".
  const lines = (budgets || []).map((b) => ({ label: `${b.programme} ${b.year}`, values: [b.paid_tiyn, Math.max(0, b.allocation_tiyn - b.paid_tiyn)], b }));
  const paidTotal = budgets && budgets.length ? lines.reduce((a, r) => a + BigInt(r.b.paid_tiyn), 0n) : null;
  const budgetTotal = budgets && budgets.length ? lines.reduce((a, r) => a + BigInt(r.b.allocation_tiyn), 0n) : null;
  const from = field({ name: 'from', label: t('dashboard.from'), type: 'date', value: period.from || '' });
  const to = field({ name: 'to', label: t('dashboard.to'), type: 'date', value: period.to || '' });
  const count = (v) => String(v);
  const entries = (o) => Object.entries(o || {});

  const states = entries(d.by_state).map(([k, v]) => ({ label: t(`state.${k}`), values: [v] }));
  const decisions = entries(d.decisions_by_programme).map(([k, v]) => ({ label: k, values: [v.granted, v.refused] }));
  const deadlines = entries(d.deadlines).map(([k, v]) => ({ label: t(`step.${k}`), values: [v.kept, v.missed, v.overdue, v.open] }));
  const money = entries(d.assigned_by_programme).map(([k, v]) => ({ label: k, values: [v.assigned_tiyn], recipients: v.recipients }));
  const months = entries(d.assigned_by_month).map(([k, v]) => ({ label: formatMonth(k), values: [v] }));
  const packs = entries(d.by_pack).map(([k, v]) => ({ label: k, values: [v] }));
  const kept = deadlines.reduce((a, r) => a + r.values[0], 0);
  const missed = deadlines.reduce((a, r) => a + r.values[1], 0);

  const filter = form({ cls: 'card', fields: [h('div', { class: 'row' }, from, to)], submit: t('dashboard.apply'),
    send: async () => ({ from: from.input.value, to: to.input.value }),
    done: (p) => page(main, params, p) });
  fill(main, 
    h('h1', {}, t('dashboard.title')),
    h('p', { class: 'muted' }, t('dashboard.scope', { territory: d.territory || '—', today: formatDate(d.today) })),
    d.complete ? null : h('p', { class: 'form-error' }, t('dashboard.incomplete')),
    wanted,
    filter,
    h('div', { class: 'grid' },
      h('div', { class: 'card' }, h('div', { class: 'muted' }, t('dashboard.cases')), h('div', { class: 'figure' }, String(d.cases))),
      h('div', { class: 'card' }, h('div', { class: 'muted' }, t('dashboard.kept_missed')),
        h('div', { class: 'figure' }, `${kept} / ${missed}`), missed ? badge(t('deadline.missed'), 'bad') : badge(t('deadline.kept'), 'ok')),
      h('div', { class: 'card' }, h('div', { class: 'muted' }, t('dashboard.assigned')), h('div', { class: 'figure' }, formatMoney(d.assigned_total_tiyn))),
      h('div', { class: 'card' }, h('div', { class: 'muted' }, t('dashboard.paid_budget')),
        h('div', { class: 'paid-budget' }, paidTotal === null ? t('dashboard.no_payments') : `${formatMoney(paidTotal)} / ${formatMoney(budgetTotal)}`))),
    lines.length ? chartCard('bg-h', t('dashboard.paid_vs_budget'), lines, [{ label: t('dashboard.paid'), cls: 'ok' }, { label: t('budget.unpaid'), cls: '' }], formatMoney,
      [{ label: t('decision.programme'), cell: (r) => r.label }, { label: t('dashboard.budget'), num: true, cell: (r) => formatMoney(r.b.allocation_tiyn) },
       { label: t('dashboard.paid'), num: true, cell: (r) => formatMoney(r.b.paid_tiyn) },
       { label: t('dashboard.pending'), num: true, cell: (r) => formatMoney(r.b.pending_tiyn) },
       { label: t('dashboard.remaining'), num: true, cell: (r) => formatMoney(r.b.remaining_tiyn) }],
      { text: (r) => `${formatMoney(r.b.paid_tiyn)} / ${formatMoney(r.b.allocation_tiyn)}`, valueWidth: 230 }) : null,
    chartCard('st-h', t('dashboard.by_state'), states, [{ label: t('dashboard.cases'), cls: '' }], count,
      [{ label: t('case.state'), cell: (r) => r.label }, { label: t('dashboard.cases'), num: true, cell: (r) => String(r.values[0]) }]),
    chartCard('pk-h', t('dashboard.by_pack'), packs, [{ label: t('dashboard.cases'), cls: '' }], count,
      [{ label: t('case.pack'), cell: (r) => r.label }, { label: t('dashboard.cases'), num: true, cell: (r) => String(r.values[0]) }]),
    chartCard('dc-h', t('dashboard.decisions'), decisions, [{ label: t('decision.granted'), cls: 'ok' }, { label: t('decision.refused'), cls: 'bad' }], count,
      [{ label: t('decision.programme'), cell: (r) => r.label }, { label: t('decision.granted'), num: true, cell: (r) => String(r.values[0]) },
       { label: t('decision.refused'), num: true, cell: (r) => String(r.values[1]) }]),
    chartCard('dl-h', t('dashboard.deadlines'), deadlines,
      [{ label: t('deadline.kept'), cls: 'ok' }, { label: t('deadline.missed'), cls: 'bad' }, { label: t('deadline.overdue'), cls: 'alt' }, { label: t('deadline.open'), cls: '' }], count,
      [{ label: t('queue.step'), cell: (r) => r.label }, ...['kept', 'missed', 'overdue', 'open'].map((k, i) => ({ label: t(`deadline.${k}`), num: true, cell: (r) => String(r.values[i]) }))]),
    chartCard('mn-h', t('dashboard.money_by_programme'), money, [{ label: t('dashboard.assigned'), cls: '' }], formatMoney,
      [{ label: t('decision.programme'), cell: (r) => r.label }, { label: t('dashboard.assigned'), num: true, cell: (r) => formatMoney(r.values[0]) },
       { label: t('dashboard.recipients'), num: true, cell: (r) => String(r.recipients) }]),
    chartCard('mm-h', t('dashboard.money_by_month'), months, [{ label: t('dashboard.assigned'), cls: '' }], formatMoney,
      [{ label: t('dashboard.month'), cell: (r) => r.label }, { label: t('dashboard.assigned'), num: true, cell: (r) => formatMoney(r.values[0]) }]),
    kv([[t('dashboard.channels'), entries(d.by_channel).map(([k, v]) => `${t(`channel.${k}`)}: ${v}`).join('; ') || '—']]));
}

export default {
  id: 'dashboard', title: 'dashboard.title', roles: STAFF,
  routes: { dashboard: page },
  nav: [{ href: '#/dashboard', label: 'nav.dashboard', roles: STAFF }],
};
