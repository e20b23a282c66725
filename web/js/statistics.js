// The statistics bureau's regional figures (issue 16; docs/regional-statistics.md): the
// subsistence minimum, the median income and the published poverty line per region and
// period, each with its source and publication day — shipped with the rules or entered here,
// one by one or from a CSV file — and the warning of the figures the territory's open cases
// will need that are not entered yet, shown here, on the dashboard and on every case that
// waits for them. Demonstration figures (the demo district, where none is published) carry
// a mark wherever they are shown. The API's policies (src/api/routes_statistics.cpp): staff
// read, officers write.
import { t } from './i18n.js';
import { get, post } from './api.js';
import { h, fill, field, form, table, badge, loading } from './ui.js';
import { formatDate, formatMoney } from './format.js';
import { user, STAFF } from './session.js';

const WRITERS = ['officer'];  // POST /api/v1/statistics/figures, /import
const SERIES = ['subsistence_minimum', 'median_income', 'poverty_line'];
const can = (roles) => roles.includes((user() || {}).role);
const seriesName = (s) => t(`statistics.series.${s}`);
const regionOf = (r) => `${String(r.region).padStart(2, '0')}${r.region_name ? ` (${r.region_name})` : ''}`;
// The user's region: the first two digits of a district's or region's scope.
const ownRegion = () => { const tr = (user() || {}).territory || ''; return /^\d{2}/.test(tr) ? tr.slice(0, 2) : ''; };
// A period as people read it: "2026-Q3" → "III тоқсан 2026", "2025-08" → "08.2025".
function period(p) {
  const q = /^(\d{4})-Q([1-4])$/.exec(p || '');
  if (q) return t('statistics.quarter', { n: q[2], year: q[1] });
  const m = /^(\d{4})-(\d{2})$/.exec(p || '');
  return m ? `${m[2]}.${m[1]}` : (p || '—');
}
// The series inside a sentence: their names in lower case ("ең төменгі күнкөріс деңгейі, медианалық табыс").
const listOf = (series) => series.map((s) => { const n = seriesName(s); return n.charAt(0).toLocaleLowerCase() + n.slice(1); }).join(', ');

// The warning of figures that open cases will need and that are not entered (GET
// /api/v1/statistics/wanted): one line per region and quarter. `caseId`: that case's only.
// null when nothing is wanted, or when the server does not offer the route to this role.
export async function figuresWarning(caseId) {
  let report;
  try {
    report = await get(`/api/v1/statistics/wanted${caseId ? `?case=${encodeURIComponent(caseId)}` : ''}`);
  } catch { return null; }
  if (!report.wanted.length) return null;
  const link = h('a', { href: '#/statistics' }, t('statistics.go_enter'));
  return h('section', { class: 'card warning figures-wanted', role: 'alert', 'aria-labelledby': 'fw-h' },
    h('h2', { id: 'fw-h' }, t('statistics.wanted_title')),
    h('ul', {}, report.wanted.map((w) => h('li', { class: 'figures-wanted-line' },
      caseId
        ? t('statistics.wanted_case', { region: regionOf(w), quarter: period(w.quarter), series: listOf(w.series) })
        : t('statistics.wanted', { region: regionOf(w), quarter: period(w.quarter), series: listOf(w.series), n: w.cases })))),
    report.complete ? null : h('p', { class: 'muted' }, t('statistics.wanted_incomplete')),
    h('p', {}, link));
}

// Whether an evaluation rests on a demonstration figure (a trace step's "demo" value).
export function usesDemoFigures(evaluation) {
  const steps = [...((evaluation || {}).trace || []), ...((evaluation || {}).programmes || []).flatMap((p) => p.trace || [])];
  return steps.some((s) => s.values && s.values.demo === 'true');
}
export function demoFiguresNote() {
  return h('p', { class: 'warning demo-figures', role: 'note' }, t('statistics.demo_used'));
}

async function page(main, params, shown = {}) {
  loading(main);
  const mine = ownRegion();
  const [list, warning] = await Promise.all([
    get(`/api/v1/statistics/figures${mine ? `?region=${mine}` : ''}`).then((r) => r.figures),
    figuresWarning(),
  ]);
  const rows = list;
  const done = (message) => page(main, params, { message });
  fill(main,
    h('h1', { tabindex: '-1' }, t('statistics.title')),
    h('p', { class: 'muted' }, t('statistics.intro')),
    shown.message ? h('p', { class: 'notice-ok statistics-result', role: 'status' }, shown.message) : null,
    warning,
    can(WRITERS) ? h('div', { class: 'grid statistics-forms' }, addForm(mine, done), importForm(done)) : null,
    h('section', { class: 'card', 'aria-labelledby': 'sf-h' },
      h('h2', { id: 'sf-h' }, t('statistics.figures')),
      table([
        { label: t('statistics.region'), cell: (r) => regionOf(r) },
        { label: t('statistics.series'), cell: (r) => seriesName(r.series) },
        { label: t('statistics.period'), cell: (r) => period(r.period) },
        { label: t('statistics.value'), num: true, cell: (r) => formatMoney(r.value_tiyn) },
        { label: t('statistics.source'), cell: (r) => h('div', {}, r.demo ? [badge(t('statistics.demo'), 'warn demo'), ' '] : null, r.source) },
        { label: t('statistics.published_on'), cell: (r) => (r.published_on ? formatDate(r.published_on) : '—') },
        { label: t('statistics.origin'), cell: (r) => h('div', {},
          r.origin === 'shipped' ? t('statistics.shipped') : t('statistics.entered', { who: r.entered_by, when: formatDate((r.entered_at || '').slice(0, 10)) }),
          r.replaced ? [' ', badge(t('statistics.replaced'), 'info')] : null) },
      ], rows, { caption: t('statistics.figures') })));
  if (shown.message) main.querySelector('.statistics-result').focus();
}

function addForm(region, done) {
  const series = field({ name: 'series', label: t('statistics.series'), required: true, value: 'subsistence_minimum',
    options: SERIES.map((s) => ({ value: s, label: seriesName(s) })) });
  const reg = field({ name: 'region', label: t('statistics.region'), required: true, value: region, hint: t('statistics.region_hint'),
    attrs: { inputmode: 'numeric', maxlength: 2, autocomplete: 'off' } });
  const per = field({ name: 'period', label: t('statistics.period'), required: true, hint: t('statistics.period_hint'),
    attrs: { autocomplete: 'off', maxlength: 7 } });
  const value = field({ name: 'value', label: t('statistics.value_tenge'), required: true, attrs: { inputmode: 'decimal', autocomplete: 'off' } });
  const source = field({ name: 'source', label: t('statistics.source'), type: 'textarea', required: true, hint: t('statistics.source_hint') });
  const published = field({ name: 'published_on', label: t('statistics.published_on'), type: 'date', required: true });
  return form({ cls: 'card statistics-add', title: t('statistics.add'), submit: t('statistics.add_submit'),
    fields: [series, reg, per, value, source, published],
    send: (key) => post('/api/v1/statistics/figures', {
      series: series.input.value, region: reg.input.value.trim(), period: per.input.value.trim(),
      value: value.input.value.trim().replace(/\s/g, '').replace(',', '.'), source: source.input.value.trim(),
      published_on: published.input.value }, key),
    done: (f) => done(t('statistics.saved', { series: seriesName(f.series), period: period(f.period), value: formatMoney(f.value_tiyn) })) });
}

function importForm(done) {
  const file = field({ name: 'csv', label: t('statistics.import_file'), type: 'file', required: true, hint: t('statistics.import_hint'),
    attrs: { accept: '.csv,text/csv' } });
  return form({ cls: 'card statistics-import', title: t('statistics.import'), submit: t('statistics.import_submit'),
    fields: [file],
    send: async (key) => {
      const chosen = file.input.files && file.input.files[0];
      const text = chosen ? await chosen.text() : '';
      return post('/api/v1/statistics/import', { csv: text }, key);
    },
    done: (r) => done(t('statistics.imported', { n: r.figures.length, entered: r.entered, corrected: r.corrected, unchanged: r.unchanged })) });
}

export default {
  id: 'statistics', title: 'statistics.title', roles: STAFF,
  routes: { statistics: page },
  nav: [{ href: '#/statistics', label: 'nav.statistics', roles: STAFF }],
};
