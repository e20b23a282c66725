// Money pages (issue 8 item 4): budget lines of the territory (001 §21), the payment cycle
// through the State Corporation (SPEC §9; 001 §27-30) — runs, demands, orders, payment files,
// the payment organisations' results, the ledger check — and the holiday lists made from the
// registry without applications (001 §10, §25); a recipient's payments looked up by IIN (in
// the body, never the URL). Three areas, each shown only to the roles the API's policies
// allow (src/api/routes_payments.cpp, routes_aftercare.cpp). Forms are
// ui.js forms: checked in the page first, the server's message next to its field, one
// Idempotency-Key per submission; amounts are typed in tenge and sent as the API's decimal
// text, shown from integer tiyn.
import { t, lang } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { h, fill, field, form, command, table, kv, badge, loading } from './ui.js';
import { formatDate, formatMoney, formatMonth, parseTenge } from './format.js';
import { barChart } from './charts.js';
import { user, STAFF } from './session.js';
import { rulePacks } from './aftercare.js';

const enc = encodeURIComponent;
// The API's policies (GET /api/v1/openapi.json).
const MONEY_READERS = ['officer', 'state_corporation_operator', 'auditor'];  // budgets, demands, orders, files
const BUDGET_WRITERS = ['officer'];                                          // POST /budgets, /budgets/amendments
const CYCLE_WRITERS = ['officer', 'state_corporation_operator'];             // runs, results, a file's text
const LEDGER_READERS = ['officer', 'auditor'];                               // GET /ledger/verify
const HOLIDAY_MAKERS = ['officer'];                                          // POST /holiday-lists
const ORDER_STATUSES = ['pending', 'posted', 'voided', 'expired', 'returned'];

const can = (roles) => roles.includes((user() || {}).role);
// A table cell of several parts in one element: on a phone each cell is a two-column grid
// (label, value), where loose parts would each take a grid cell of their own.
const one = (...parts) => h('div', {}, parts);
const section = (id, title, ...children) => h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), children);

// A page's own check, placed like the server's (next to the field it names).
const invalid = (fieldName, key) => new ApiError(400, { message: t(key), field: fieldName });

// An amount typed in tenge as the page's language writes it: "1 000 000,00" (kk, ru) or
// "1,000,000.00" (en: the commas group digits) → "1000000.00"; null when it is not one.
function tenge(text) {
  return parseTenge(lang() === 'en' ? String(text || '').replace(/,/g, '') : text);
}

// "-1 500,50" or "+2000" → "-1500.50" / "2000" for the API; null when it is not an amount.
function parseSignedTenge(text) {
  const s = String(text || '').trim().replace(/^[−–]/, '-');
  const negative = s.startsWith('-');
  const amount = tenge(s.replace(/^[-+]/, ''));
  return amount === null ? null : `${negative ? '-' : ''}${amount}`;
}

// The district (budget line territory, 9 digits) of an officer whose territory names one.
function districtOf(territory) {
  return /^\d{4,9}$/.test(territory || '') ? territory.slice(0, 4).padEnd(9, '0') : '';
}

// ---- budgets ----------------------------------------------------------------------------

async function budgetsPage(main, params) {
  loading(main);
  const packs = await rulePacks();
  const today = packs.today;
  const year = /^\d{4}$/.test(params.year || '') ? Number(params.year) : Number(today.slice(0, 4));
  // Money assigned by the decisions on applications received in the year, per programme, for
  // the whole territory (the dashboard's aggregates: no names, nothing in the access log).
  const [data, dash] = await Promise.all([
    get('/api/v1/budgets'),
    get(`/api/v1/dashboard?from=${year}-01-01&to=${year}-12-31`).catch(() => null),
  ]);
  const all = data.budgets || [];
  const lines = all.filter((b) => b.year === year);
  const assigned = (b) => (dash && dash.assigned_by_programme && dash.assigned_by_programme[b.programme]
    ? dash.assigned_by_programme[b.programme].assigned_tiyn : 0);
  const years = [...new Set([...all.map((b) => b.year), year, Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1])].sort();
  const yearField = field({ name: 'year', label: t('budget.year'), value: String(year), options: years.map((y) => ({ value: y, label: String(y) })) });
  yearField.input.addEventListener('change', () => { location.hash = `#/budgets/${yearField.input.value}`; });

  const sum = (key) => lines.reduce((a, b) => a + BigInt(b[key]), 0n);
  const rows = lines.map((b) => ({ label: `${b.programme} · ${b.territory}`, values: [b.paid_tiyn, Math.max(0, b.allocation_tiyn - b.paid_tiyn)], b }));
  const chart = rows.length ? h('div', { class: 'budget-chart' },
    barChart({ title: t('budget.chart', { year }), rows, format: formatMoney,
      series: [{ label: t('budget.paid'), cls: 'ok' }, { label: t('budget.unpaid'), cls: '' }],
      text: (r) => `${formatMoney(r.b.paid_tiyn)} / ${formatMoney(r.b.allocation_tiyn)}`, valueWidth: 230 }),
    h('div', { class: 'legend', 'aria-hidden': 'true' },
      [[t('budget.paid'), 'ok'], [t('budget.unpaid'), '']].map(([label, cls]) => h('span', {}, h('span', { class: `swatch ${cls}` }), label)))) : null;

  fill(main,
    h('h1', {}, t('budget.title')),
    h('p', { class: 'muted' }, t('budget.scope', { territory: (user() || {}).territory || '—' })),
    h('div', { class: 'row finance-toolbar' }, yearField),
    section('budget-lines-h', t('budget.lines', { year }),
      h('div', { class: 'grid finance-figures' },
        [['budget.allocation', sum('allocation_tiyn')], ['budget.paid', sum('paid_tiyn')], ['budget.remaining', sum('remaining_tiyn')]].map(([k, v]) =>
          h('div', { class: 'card' }, h('div', { class: 'muted' }, t(k)), h('div', { class: 'figure', 'data-figure': k.split('.')[1] }, formatMoney(v))))),
      chart,
      table([
        { label: t('budget.programme'), cell: (b) => one(h('span', { class: 'budget-programme' }, b.programme), h('div', { class: 'muted hint' }, b.territory)) },
        { label: t('budget.allocation'), num: true, cell: (b) => one(formatMoney(b.allocation_tiyn),
          b.amendments ? h('div', { class: 'muted hint' }, t('budget.amendments_n', { n: b.amendments })) : null) },
        { label: t('budget.assigned'), num: true, cell: (b) => formatMoney(assigned(b)) },
        { label: t('budget.transferred'), num: true, cell: (b) => formatMoney(b.transferred_tiyn) },
        { label: t('budget.pending'), num: true, cell: (b) => formatMoney(b.pending_tiyn) },
        { label: t('budget.paid'), num: true, cell: (b) => formatMoney(b.paid_tiyn) },
        { label: t('budget.remaining'), num: true, cell: (b) => formatMoney(b.remaining_tiyn) },
      ], lines, { caption: t('budget.lines', { year }) }),
      h('p', { class: 'muted hint' }, t('budget.assigned_note'), dash && dash.complete === false ? ` ${t('dashboard.incomplete')}` : '')),
    can(BUDGET_WRITERS) ? [setForm(main, packs, year, today), amendForm(main, lines, year, today)] : null);
}

// The programmes a budget line can be for: every programme of every pack (those paid from
// holiday lists too), offered as suggestions; the server checks the name.
function programmeList(packs) {
  const ids = new Map();
  for (const p of packs.packs || []) {
    for (const g of p.programmes || []) ids.set(g.id, g.title);
    for (const d of p.holiday_days || []) for (const g of d.programmes || []) ids.set(g.id, g.title);
  }
  return h('datalist', { id: 'budget-programmes' }, [...ids].map(([id, title]) => h('option', { value: id, label: title })));
}

function setForm(main, packs, year, today) {
  const programme = field({ name: 'programme', label: t('budget.programme'), required: true, hint: t('budget.programme_hint'),
    attrs: { list: 'budget-programmes', autocomplete: 'off', maxlength: 60 } });
  const territory = field({ name: 'territory', label: t('budget.territory'), required: true, value: districtOf((user() || {}).territory),
    hint: t('budget.territory_hint'), attrs: { inputmode: 'numeric', maxlength: 9 } });
  const yearIn = field({ name: 'year', label: t('budget.year'), required: true, value: String(year), attrs: { inputmode: 'numeric', maxlength: 4 } });
  const amount = field({ name: 'allocation', label: t('budget.allocation_tenge'), required: true, attrs: { inputmode: 'decimal' } });
  const on = field({ name: 'on', label: t('budget.on'), type: 'date', required: true, value: today });
  return form({ cls: 'card finance-form', title: t('budget.set'), submit: t('budget.set_submit'),
    fields: [h('div', { class: 'row' }, programme, territory, yearIn), h('div', { class: 'row' }, amount, on)], extra: [programmeList(packs)],
    send: (key) => {
      const allocation = tenge(amount.input.value);
      if (allocation === null) throw invalid('allocation', 'finance.bad_amount');
      if (!/^\d{4}$/.test(yearIn.input.value.trim())) throw invalid('year', 'budget.bad_year');
      return post('/api/v1/budgets', { programme: programme.input.value.trim(), territory: territory.input.value.trim(),
        year: yearIn.input.value.trim(), allocation, on: on.input.value }, key);
    },
    done: (r) => {
      const y = r && r.budget ? r.budget.year : year;
      if (location.hash === `#/budgets/${y}`) return budgetsPage(main, { year: String(y) });
      location.hash = `#/budgets/${y}`;
      return null;
    } });
}

function amendForm(main, lines, year, today) {
  if (!lines.length) return h('section', { class: 'card' }, h('h3', {}, t('budget.amend')), h('p', { class: 'muted' }, t('budget.no_lines')));
  const line = field({ name: 'line', label: t('budget.line'), required: true,
    options: lines.map((b, i) => ({ value: i, label: `${b.programme} · ${b.territory} · ${b.year} — ${formatMoney(b.allocation_tiyn)}` })) });
  const amount = field({ name: 'amount', label: t('budget.change_tenge'), required: true, hint: t('budget.change_hint'), attrs: { inputmode: 'decimal' } });
  const reason = field({ name: 'reason', label: t('action.reason'), required: true, attrs: { maxlength: 500 } });
  const on = field({ name: 'on', label: t('budget.on'), type: 'date', required: true, value: today });
  return form({ cls: 'card finance-form', title: t('budget.amend'), submit: t('budget.amend_submit'),
    fields: [line, h('div', { class: 'row' }, amount, on), reason],
    send: (key) => {
      const change = parseSignedTenge(amount.input.value);
      if (change === null || /^-?0+(\.0+)?$/.test(change)) throw invalid('amount', 'budget.bad_change');
      const b = lines[Number(line.input.value)];
      return post('/api/v1/budgets/amendments', { programme: b.programme, territory: b.territory, year: String(b.year),
        amount: change, reason: reason.input.value.trim(), on: on.input.value }, key);
    },
    done: () => budgetsPage(main, { year: String(year) }) });
}

// ---- payment runs -----------------------------------------------------------------------

async function paymentsPage(main, params, shown = {}) {
  loading(main);
  const [packs, demands, files] = await Promise.all([rulePacks(), get('/api/v1/payments/demands'), get('/api/v1/payments/files')]);
  const today = packs.today;
  const ordersBox = h('div', { class: 'orders-box' });
  const status = field({ name: 'status', label: t('payrun.order_status'), value: shown.status || '',
    options: [{ value: '', label: t('payrun.all') }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`payrun.status.${s}`) }))] });
  const showOrders = async () => {
    const q = status.input.value ? `?status=${enc(status.input.value)}` : '';
    ordersBox.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('common.loading')));
    try {
      const list = (await get(`/api/v1/payments/orders${q}`)).orders || [];
      ordersBox.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('payrun.orders_count', { n: list.length })), ordersTable(list));
    } catch (e) {
      ordersBox.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, e.message || t('error.network')));
    }
  };
  status.input.addEventListener('change', showOrders);
  const rerender = (more) => paymentsPage(main, params, { status: status.input.value, ...more });

  fill(main,
    h('h1', {}, t('payrun.title')),
    h('p', { class: 'muted' }, t('payrun.scope', { territory: (user() || {}).territory || '—', today: formatDate(today) })),
    can(CYCLE_WRITERS) ? runForm(today, (r) => rerender({ run: r })) : null,
    shown.run ? runResult(shown.run) : null,
    section('demands-h', t('payrun.demands'), demandsTable((demands.demands || []))),
    section('orders-h', t('payrun.orders'), h('div', { class: 'row finance-toolbar' }, status), ordersBox),
    recipientCard(),
    section('files-h', t('payrun.files'), filesTable(files.files || [])),
    can(CYCLE_WRITERS) ? resultsForm(today, (r) => rerender({ imported: r })) : null,
    shown.imported ? importResult(shown.imported) : null,
    can(LEDGER_READERS) ? ledgerCard() : null);
  await showOrders();
}

function runForm(today, done) {
  const date = field({ name: 'date', label: t('payrun.date'), type: 'date', required: true, value: today, hint: t('payrun.date_hint') });
  const territory = field({ name: 'territory', label: t('payrun.territory'), hint: t('payrun.territory_hint'), attrs: { inputmode: 'numeric', maxlength: 9 } });
  return form({ cls: 'card finance-form', title: t('payrun.run'), submit: t('payrun.run_submit'),
    fields: [h('div', { class: 'row' }, date, territory)],
    send: (key) => {
      const tr = territory.input.value.trim();
      if (tr && !/^\d{1,9}$/.test(tr)) throw invalid('territory', 'payrun.bad_territory');
      return post('/api/v1/payments/runs', { date: date.input.value, ...(tr ? { territory: tr } : {}) }, key);
    },
    done });
}

function runResult(r) {
  return h('section', { class: 'card notice-ok run-result', role: 'status', 'aria-labelledby': 'run-result-h' },
    h('h2', { id: 'run-result-h' }, t('payrun.result', { date: formatDate(r.date) })),
    r.working_day ? null : h('p', { class: 'warning' }, t('payrun.day_off')),
    kv([[t('payrun.demands_formed'), String(r.demands_formed)], [t('payrun.demands_transferred'), String(r.demands_transferred)],
        [t('payrun.demands_refused'), String(r.demands_refused)], [t('payrun.orders'), String(r.orders)],
        [t('payrun.files'), String(r.files)], [t('payrun.ordered'), formatMoney(r.ordered_tiyn)],
        [t('payrun.expired'), String(r.expired)], [t('payrun.recoveries'), `${r.recoveries} · ${formatMoney(r.recovery_tiyn)}`]]),
    (r.alerts || []).length ? h('div', { class: 'form-error', role: 'alert' }, t('payrun.alerts'), h('ul', {}, r.alerts.map((a) => h('li', {}, a)))) : null);
}

function demandsTable(list) {
  return table([
    { label: t('budget.programme'), cell: (d) => `${d.programme} · ${d.territory}` },
    { label: t('payrun.kind'), cell: (d) => t(`payrun.kind.${d.kind}`) },
    { label: t('payrun.month'), cell: (d) => formatMonth(String(d.payment_month).slice(0, 7)) },
    { label: t('payrun.formed_on'), cell: (d) => formatDate(d.formed_on) },
    { label: t('payrun.transfer_on'), cell: (d) => formatDate(d.transfer_on) },
    { label: t('payrun.amount'), num: true, cell: (d) => formatMoney(d.amount_tiyn) },
    { label: t('payrun.status'), cell: (d) => one(badge(t(`payrun.demand.${d.status}`), d.status === 'refused' ? 'bad' : d.status === 'transferred' ? 'ok' : 'info'),
      d.refusal ? h('div', { class: 'muted' }, d.refusal) : null) },
  ], list, { caption: t('payrun.demands') });
}

function ordersTable(list) {
  return table([
    { label: t('payrun.order'), cell: (o) => h('code', { class: 'order-id' }, o.id) },
    { label: t('budget.programme'), cell: (o) => o.programme },
    { label: t('payrun.month'), cell: (o) => formatMonth(String(o.month).slice(0, 7)) },
    { label: t('payrun.amount'), num: true, cell: (o) => formatMoney(o.amount_tiyn) },
    { label: t('payrun.organisation'), cell: (o) => o.organisation },
    { label: t('payrun.payment_on'), cell: (o) => formatDate(o.payment_on) },
    { label: t('payrun.status'), cell: (o) => one(badge(t(`payrun.status.${o.status}`), o.status === 'posted' ? 'ok' : o.status === 'pending' ? 'info' : 'warn'),
      o.settled_on ? ` ${formatDate(o.settled_on)}` : null, o.note ? h('div', { class: 'muted' }, o.note) : null) },
  ], list, { caption: t('payrun.orders') });
}

// The programmes' titles in the page's language, by id, from the rule packs (those applied
// for and those paid from holiday lists); an id no pack names shows itself.
export async function programmeTitles() {
  const titles = new Map();
  const packs = await rulePacks().catch(() => ({ packs: [] }));
  for (const p of packs.packs || []) {
    for (const g of p.programmes || []) if (!titles.has(g.id)) titles.set(g.id, g.title);
    for (const d of p.holiday_days || []) for (const g of d.programmes || []) if (!titles.has(g.id)) titles.set(g.id, g.title);
  }
  return titles;
}

// A person's payments (GET /api/v1/payments/mine, POST /api/v1/payments/recipient/search):
// the month, programme, amount, where the money goes — the payment organisation and the
// account as the API masks it, or cash at the post office — the status in words and the day
// it was paid (for one still on its way, the day it is due). `words` is the prefix of the
// status messages: the recipient's (mypay.status) or the staff's (payrun.status); `caseOf`
// adds a column for the case of each payment.
export function personPaymentsTable(list, { titles = new Map(), words = 'payrun.status', caseOf = null, caption = '' } = {}) {
  const kind = (s) => (s === 'posted' ? 'ok' : s === 'pending' ? 'info' : 'warn');
  return table([
    { label: t('payrun.month'), cell: (o) => formatMonth(String(o.month).slice(0, 7)) },
    { label: t('budget.programme'), cell: (o) => titles.get(o.programme) || o.programme },
    { label: t('payrun.amount'), num: true, cell: (o) => formatMoney(o.amount_tiyn) },
    { label: t('mypay.destination'), cell: (o) => (o.organisation === 'KAZPOST' ? t('mypay.post')
      : one(o.organisation, o.account_masked ? [' ', h('code', { class: 'order-id account' }, o.account_masked)] : null)) },
    // The bank's reason for a payment that did not go through (none for a paid one).
    { label: t('payrun.status'), cell: (o) => one(badge(t(`${words}.${o.status}`), kind(o.status)),
      o.note && o.status !== 'posted' && o.status !== 'pending' ? h('div', { class: 'muted' }, o.note) : null) },
    { label: t('mypay.paid_on'), cell: (o) => (o.status === 'posted' ? formatDate(o.settled_on)
      : o.status === 'pending' ? h('span', { class: 'muted' }, t('mypay.due_on', { date: formatDate(o.payment_on) })) : '—') },
    ...(caseOf ? [{ label: t('case.number'), cell: caseOf }] : []),
  ], list, { caption });
}

// A recipient's payments looked up by IIN. The IIN goes in the body of a POST, never in a
// URL (RELIABILITY S4/S6); the server logs the read in the personal-data access log.
function recipientCard() {
  const out = h('div', { class: 'recipient-result', tabindex: '-1', 'aria-live': 'polite' });
  const iin = field({ name: 'iin', label: t('family.iin'), required: true, hint: t('family.iin_hint'),
    attrs: { inputmode: 'numeric', maxlength: 12, autocomplete: 'off' } });
  const lookup = form({ cls: 'finance-form recipient-form', submit: t('recipient.find'), fields: [iin],
    send: async (key) => {
      const value = iin.input.value.trim();
      if (!/^\d{12}$/.test(value)) throw invalid('iin', 'recipient.bad_iin');
      const [r, titles] = await Promise.all([post('/api/v1/payments/recipient/search', { iin: value }, key), programmeTitles()]);
      return { r, titles };
    },
    done: ({ r, titles }) => {
      const orders = r.orders || [];
      out.replaceChildren(
        kv([[t('recipient.count'), String(orders.length)], [t('recipient.paid_total'), h('span', { class: 'recipient-paid' }, formatMoney(r.paid_tiyn))]]),
        orders.length ? personPaymentsTable(orders, { titles, caption: t('recipient.title') }) : h('p', { class: 'muted' }, t('recipient.none')));
      out.focus();
    } });
  return section('recipient-h', t('recipient.title'), h('p', { class: 'muted' }, t('recipient.intro')), lookup, out);
}

// A payment file's text (docs/payment-file-format.md) is fetched on demand, shown, and
// offered as a download made in the page (the route answers JSON, not a file).
function fileText(f) {
  const box = h('div', { class: 'file-text' });
  const show = command(t('payrun.show_file'), () => get(`/api/v1/payments/file?id=${enc(f.id)}`), (r) => {
    const url = URL.createObjectURL(new Blob([r.text], { type: 'text/plain;charset=utf-8' }));
    box.replaceChildren(
      h('a', { class: 'button secondary', href: url, download: `${f.id.replace(/[^A-Za-z0-9._-]+/g, '_')}.txt` }, t('payrun.download')),
      h('pre', { class: 'payment-file', tabindex: '0', 'aria-label': t('payrun.file_text', { id: f.id }) }, r.text));
  }, 'secondary');
  return h('div', {}, show, box);
}

function filesTable(list) {
  return table([
    { label: t('payrun.file'), cell: (f) => h('code', { class: 'order-id' }, f.id) },
    { label: t('payrun.organisation'), cell: (f) => f.organisation },
    { label: t('payrun.payment_on'), cell: (f) => formatDate(f.payment_on) },
    { label: t('payrun.count'), num: true, cell: (f) => String(f.count) },
    { label: t('payrun.total'), num: true, cell: (f) => formatMoney(f.total_tiyn) },
    { label: t('payrun.fees'), num: true, cell: (f) => formatMoney(f.fees_tiyn) },
    { label: 'SHA-256', cell: (f) => h('code', { class: 'order-id', title: f.sha256 }, `${String(f.sha256).slice(0, 12)}…`) },
    ...(can(CYCLE_WRITERS) ? [{ label: t('payrun.text'), cell: fileText }] : []),
  ], list, { caption: t('payrun.files') });
}

// A payment organisation's result file: pasted, or read from a file chosen on this computer
// (FileReader; nothing leaves the page until the form is sent).
function resultsForm(today, done) {
  const pick = field({ name: 'upload', label: t('payrun.results_file'), type: 'file', attrs: { accept: '.txt,.csv,text/plain' } });
  const name = field({ name: 'file_name', label: t('payrun.file_name'), required: true, attrs: { maxlength: 200 } });
  const received = field({ name: 'received_on', label: t('payrun.received_on'), type: 'date', required: true, value: today });
  const content = field({ name: 'content', label: t('payrun.content'), type: 'textarea', required: true, hint: t('payrun.content_hint'),
    attrs: { rows: 6, spellcheck: 'false' } });
  pick.input.addEventListener('change', () => {
    const file = pick.input.files && pick.input.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      content.input.value = String(reader.result);
      if (!name.input.value.trim()) name.input.value = file.name;
      content.input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    reader.readAsText(file, 'utf-8');
  });
  return form({ cls: 'card finance-form', title: t('payrun.import'), submit: t('payrun.import_submit'),
    fields: [pick, h('div', { class: 'row' }, name, received), content],
    // A malformed line is named "line N" by the server (its message says which): shown under
    // the content.
    send: (key) => post('/api/v1/payments/results', { file_name: name.input.value.trim(), content: content.input.value,
      received_on: received.input.value }, key).catch((e) => {
      if (e instanceof ApiError && /^line \d+$/.test(e.field || '')) e.field = 'content';
      throw e;
    }),
    done });
}

function importResult(r) {
  return h('section', { class: 'card notice-ok import-result', role: 'status', 'aria-labelledby': 'import-result-h' },
    h('h2', { id: 'import-result-h' }, t('payrun.imported')),
    kv([[t('payrun.result_lines'), String(r.lines)], [t('payrun.applied'), String(r.applied)], [t('payrun.duplicates'), String(r.duplicates)],
        [t('payrun.out_of_order'), String(r.out_of_order)], [t('payrun.unknown'), String(r.unknown)]]));
}

// The ledger's invariants recomputed on the server (R5); a read, so a plain GET.
function ledgerCard() {
  const out = h('div', { class: 'ledger-result', role: 'status' });
  const check = command(t('payrun.verify'), () => get('/api/v1/ledger/verify'), (r) => {
    out.replaceChildren(
      h('p', {}, badge(r.ok ? t('payrun.ledger_ok') : t('payrun.ledger_broken'), r.ok ? 'ok' : 'bad')),
      kv([[t('payrun.transfers'), String(r.transfers)], [t('payrun.accounts'), String(r.accounts)], [t('payrun.pending'), formatMoney(r.pending_tiyn)]]),
      ...((r.violations || []).length ? [h('ul', { class: 'form-error' }, r.violations.map((v) => h('li', {}, `${v.invariant}: ${v.detail}`)))] : []));
  }, 'secondary');
  return section('ledger-h', t('payrun.ledger'), h('p', { class: 'muted' }, t('payrun.ledger_hint')), check, out);
}

// ---- holiday lists ----------------------------------------------------------------------

async function holidayPage(main, params, shown = null) {
  loading(main);
  const [packs, index, list] = await Promise.all([
    rulePacks(),
    get('/api/v1/holiday-lists'),
    shown || (params.id ? get(`/api/v1/holiday-lists/${enc(params.id)}`) : null),
  ]);
  fill(main,
    h('h1', {}, t('holiday.title')),
    h('p', { class: 'muted' }, t('holiday.intro')),
    can(HOLIDAY_MAKERS) ? makeForm(main, packs) : null,
    indexCard(index, packs, list && list.id),
    openForm(),
    list ? listView(list, packs) : null);
}

// The lists of the caller's territory the server holds, newest holiday first (GET
// /api/v1/holiday-lists: the count and total of each, not its recipients).
function indexCard(index, packs, openId) {
  const title = (id) => ((packs.packs || []).find((p) => p.id === id) || {}).title || id;
  const rows = (answer) => {
    const lists = answer.holiday_lists || [];
    return [table([
      { label: t('holiday.date'), cell: (l) => h('a', { href: `#/holiday-lists/${enc(l.id)}`, 'aria-current': l.id === openId ? 'page' : null }, formatDate(l.date)) },
      { label: t('holiday.pack'), cell: (l) => one(title(l.pack), h('div', { class: 'muted hint' }, `${l.pack} · ${l.territory}`)) },
      { label: t('holiday.made_on'), cell: (l) => `${formatDate(l.made_on)} · ${l.made_by}` },
      { label: t('holiday.recipients'), num: true, cell: (l) => String(l.recipients) },
      { label: t('holiday.total'), num: true, cell: (l) => formatMoney(l.total_tiyn) },
      { label: t('holiday.list_id'), cell: (l) => h('a', { href: `#/holiday-lists/${enc(l.id)}` }, h('code', {}, l.id)) },
    ], lists, { caption: t('holiday.lists') }),
    lists.length >= answer.limit ? h('p', { class: 'muted hint' }, t('holiday.lists_limit', { n: answer.limit })) : null];
  };
  const shown = h('div', { class: 'holiday-index-rows' }, rows(index));
  // Filters of GET /api/v1/holiday-lists: a pack that pays on holidays, a year; the server
  // checks both and names the one it refuses.
  const withDays = (packs.packs || []).filter((p) => (p.holiday_days || []).length);
  const pack = field({ name: 'pack', label: t('holiday.pack'),
    options: [{ value: '', label: t('holiday.any_pack') }, ...withDays.map((p) => ({ value: p.id, label: `${p.title} (${p.id})` }))] });
  const year = field({ name: 'year', label: t('holiday.year'), hint: t('holiday.year_hint'), attrs: { inputmode: 'numeric', maxlength: 4 } });
  const filter = form({ cls: 'finance-form holiday-filter', fields: [h('div', { class: 'row' }, pack, year)], submit: t('holiday.show'),
    send: () => {
      const q = new URLSearchParams();
      if (pack.input.value) q.set('pack', pack.input.value);
      if (year.input.value.trim()) q.set('year', year.input.value.trim());
      return get(`/api/v1/holiday-lists${q.toString() ? `?${q}` : ''}`);
    },
    done: (answer) => shown.replaceChildren(...rows(answer).filter(Boolean)) });
  return h('section', { class: 'card holiday-index', 'aria-labelledby': 'holiday-index-h' },
    h('h2', { id: 'holiday-index-h' }, t('holiday.lists')), filter, shown);
}

// Local packs of the officer's territory that pay on holidays, and their days.
function holidayPacks(packs) {
  const mine = (user() || {}).territory || '';
  return (packs.packs || []).filter((p) => p.territory && p.territory.startsWith(mine) && (p.holiday_days || []).length);
}

// The next day on or after `today` (ISO) that is one of the pack's holiday days (MM-DD).
function nextHoliday(pack, today) {
  const year = Number(today.slice(0, 4));
  const days = (pack.holiday_days || []).map((d) => d.date).sort();
  const next = days.find((d) => `${year}-${d}` >= today);
  return next ? `${year}-${next}` : days.length ? `${year + 1}-${days[0]}` : '';
}

function makeForm(main, packs) {
  const usable = holidayPacks(packs);
  if (!usable.length) return h('section', { class: 'card' }, h('h2', {}, t('holiday.make')), h('p', { class: 'muted' }, t('holiday.no_packs')));
  const pack = field({ name: 'pack', label: t('holiday.pack'), required: true, options: usable.map((p) => ({ value: p.id, label: `${p.title} (${p.id})` })) });
  const date = field({ name: 'date', label: t('holiday.date'), type: 'date', required: true, value: nextHoliday(usable[0], packs.today) });
  const daysBox = h('div', { class: 'holiday-days' });
  const showDays = () => {
    const p = usable.find((x) => x.id === pack.input.value);
    daysBox.replaceChildren(h('p', { class: 'muted' }, t('holiday.days_of_pack')), table([
      { label: t('holiday.day'), cell: (d) => `${d.date.slice(3, 5)}.${d.date.slice(0, 2)}` },
      { label: t('holiday.occasion'), cell: (d) => d.title },
      { label: t('holiday.programmes'), cell: (d) => d.programmes.map((g) => g.title).join('; ') },
    ], p ? p.holiday_days : [], { caption: t('holiday.days_of_pack') }));
  };
  pack.input.addEventListener('change', () => {
    const p = usable.find((x) => x.id === pack.input.value);
    if (p) date.input.value = nextHoliday(p, packs.today);
    showDays();
  });
  showDays();
  return form({ cls: 'card finance-form', title: t('holiday.make'), submit: t('holiday.make_submit'),
    fields: [h('div', { class: 'row' }, pack, date), daysBox],
    send: (key) => post('/api/v1/holiday-lists', { pack: pack.input.value, date: date.input.value }, key),
    // The page again: the index read anew shows the list just made.
    done: (l) => holidayPage(main, { id: l.id }, l) });
}

function openForm() {
  const id = field({ name: 'id', label: t('holiday.list_id'), required: true, attrs: { maxlength: 64, autocomplete: 'off' } });
  return form({ cls: 'card finance-form', title: t('holiday.open'), submit: t('holiday.open_submit'), fields: [id],
    send: async () => {
      const value = id.input.value.trim();
      await get(`/api/v1/holiday-lists/${enc(value)}`).catch((e) => { throw Object.assign(e, { field: 'id' }); });
      return value;
    },
    done: (value) => { location.hash = `#/holiday-lists/${enc(value)}`; } });
}

function listView(l, packs) {
  const pack = (packs.packs || []).find((p) => p.id === l.pack);
  const titles = new Map();
  for (const d of (pack && pack.holiday_days) || []) for (const g of d.programmes) titles.set(g.id, g.title);
  return h('section', { class: 'card holiday-list', 'aria-labelledby': 'holiday-list-h' },
    h('h2', { id: 'holiday-list-h' }, t('holiday.list_title', { pack: pack ? pack.title : l.pack, date: formatDate(l.date) })),
    l.existing ? h('p', { class: 'warning' }, t('holiday.existing')) : null,
    kv([[t('holiday.list_id'), h('code', {}, l.id)], [t('holiday.territory'), l.territory],
        [t('holiday.made_on'), `${formatDate(l.made_on)} · ${l.made_by}`], [t('holiday.source_taken_at'), formatDate(l.source_taken_at)],
        [t('holiday.programmes'), (l.programmes || []).map((p) => titles.get(p) || p).join('; ') || '—'],
        [t('holiday.recipients'), h('span', { class: 'holiday-recipients' }, String(l.recipients))],
        [t('holiday.total'), h('span', { class: 'holiday-total' }, formatMoney(l.total_tiyn))]]),
    (l.unresolved || []).length ? h('div', { class: 'warning' }, h('p', {}, t('holiday.unresolved')), h('ul', {}, l.unresolved.map((u) => h('li', {}, u)))) : null,
    table([
      { label: t('holiday.name'), cell: (e) => e.name || '—' },
      { label: t('family.iin'), cell: (e) => e.iin },
      { label: t('holiday.programme'), cell: (e) => one(titles.get(e.programme) || e.programme, ' ', h('span', { class: 'cite' }, e.cites)) },
      { label: t('payrun.amount'), num: true, cell: (e) => formatMoney(e.amount_tiyn) },
    ], l.entries || [], { caption: t('holiday.recipients') }));
}

export default [
  { id: 'budgets', title: 'budget.title', roles: MONEY_READERS,
    routes: { budgets: budgetsPage, 'budgets/:year': budgetsPage },
    nav: [{ href: '#/budgets', label: 'finance.nav_budgets', roles: MONEY_READERS }] },
  { id: 'payments', title: 'payrun.title', roles: MONEY_READERS,
    routes: { payments: paymentsPage },
    nav: [{ href: '#/payments', label: 'finance.nav_payments', roles: MONEY_READERS }] },
  // Any staff member may open a list by its id (GET); officers make them.
  { id: 'holidays', title: 'holiday.title', roles: STAFF,
    routes: { 'holiday-lists': holidayPage, 'holiday-lists/:id': holidayPage },
    nav: [{ href: '#/holiday-lists', label: 'finance.nav_holidays', roles: HOLIDAY_MAKERS }] },
];
