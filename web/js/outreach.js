// Reaching people (issue 8): the proactive offers of the territory (FACTS §6;
// docs/proactive-offers.md) — the families the rules find eligible that have not applied —
// with the run that finds them for a date, and the notification outbox (docs/notifications.md):
// what became of the notices of a case or of an offer, by channel, with their attempts. Two
// areas, each shown to the roles the API's policies allow (src/api/routes_consent.cpp,
// routes_notify.cpp). A person is shown by name and masked IIN; the hash carries case and
// offer ids only, never an IIN.
import { t } from './i18n.js';
import { get, post } from './api.js';
import { h, fill, field, form, table, kv, badge, loading } from './ui.js';
import { formatDate, formatMoney } from './format.js';
import { user, STAFF } from './session.js';
import { rulePacks, localText } from './aftercare.js';

const enc = encodeURIComponent;
// The API's policies (GET /api/v1/openapi.json).
const OFFER_READERS = ['officer', 'auditor'];  // GET /api/v1/offers
const OFFER_RUNNERS = ['officer'];             // POST /api/v1/offers/run
const OFFER_STATES = ['offered', 'consented', 'case_started', 'declined', 'expired'];

const can = (roles) => roles.includes((user() || {}).role);
// A cell of several parts in one element: on a phone each cell is a two-column grid (label,
// value), where loose parts would each take a cell of their own.
const one = (...parts) => h('div', {}, parts);
const section = (id, title, ...children) => h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), children);

// As the server masks an IIN in what it shows (core/iin.cpp Iin::masked): 8710******27.
const maskIin = (iin) => (/^\d{12}$/.test(iin || '') ? `${iin.slice(0, 4)}******${iin.slice(10)}` : '—');

// A message whose key may be missing (a topic another module adds): the raw value then.
const word = (key, raw) => { const text = t(key); return text === key ? raw : text; };

// The office's local time of a moment: instants stored in UTC ("…Z") are shown in
// Kazakhstan's time, local date-times ("2026-02-10T10:00") as they are.
const KZ_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
function when(iso) {
  if (!iso) return '—';
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) {
    const d = new Date(iso);
    if (!Number.isNaN(d.getTime())) {
      const p = Object.fromEntries(KZ_TIME.formatToParts(d).map((x) => [x.type, x.value]));
      return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
    }
  }
  return /T\d{2}:\d{2}/.test(iso) ? `${formatDate(iso.slice(0, 10))} ${iso.slice(11, 16)}` : formatDate(iso);
}

// ---- proactive offers -------------------------------------------------------------------

async function offersPage(main, params, shown = {}) {
  loading(main);
  const state = OFFER_STATES.includes(params.state) ? params.state : '';
  const packs = await rulePacks();
  const listBox = h('div', { class: 'offers-box' });
  const filter = field({ name: 'state', label: t('offers.by_state'), value: state,
    options: [{ value: '', label: t('payrun.all') }, ...OFFER_STATES.map((s) => ({ value: s, label: t(`offer.state.${s}`) }))] });
  const showList = async () => {
    const s = filter.input.value;
    listBox.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('common.loading')));
    try {
      const list = await get(`/api/v1/offers${s ? `?state=${enc(s)}` : ''}`);
      listBox.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('offers.count', { n: list.length })), offersTable(list, packs));
    } catch (e) {
      listBox.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, e.message || t('error.network')));
    }
  };
  filter.input.addEventListener('change', showList);
  fill(main,
    h('h1', {}, t('offers.title')),
    h('p', { class: 'muted' }, t('offers.intro', { territory: (user() || {}).territory || '—', today: formatDate(packs.today) })),
    can(OFFER_RUNNERS) ? runForm(packs.today, (r) => offersPage(main, { state: filter.input.value }, { run: r })) : null,
    shown.run ? runSummary(shown.run) : null,
    section('offers-h', t('offers.list'), h('div', { class: 'row finance-toolbar' }, filter), listBox));
  await showList();
  if (shown.run) main.querySelector('.offer-run-result').focus();
}

function runForm(today, done) {
  const date = field({ name: 'date', label: t('offers.date'), type: 'date', required: true, value: today, hint: t('offers.date_hint') });
  return form({ cls: 'card finance-form offers-run', title: t('offers.run'), submit: t('offers.run_submit'), fields: [date],
    send: (key) => post('/api/v1/offers/run', { date: date.input.value }, key), done });
}

// The run's summary (cases::run_summary_json): how many families were looked at and why the
// others were not offered anything.
function runSummary(r) {
  return h('section', { class: 'card notice-ok offer-run-result', role: 'status', tabindex: '-1', 'aria-labelledby': 'offer-run-h' },
    h('h2', { id: 'offer-run-h' }, t('offers.result', { date: formatDate(r.on) })),
    kv([[t('offers.families'), String(r.families)], [t('offers.outside_territory'), String(r.outside_territory)],
        [t('offers.evaluated'), String(r.evaluated)], [t('offers.undecided'), String(r.undecided)],
        [t('offers.eligible'), String(r.eligible)], [t('offers.offered'), h('span', { class: 'offers-made' }, String(r.offered))],
        [t('offers.already_offered'), String(r.already_offered)], [t('offers.applied_or_assigned'), String(r.applied_or_assigned)],
        [t('offers.unreadable'), String(r.unreadable)]]));
}

function offersTable(list, packs) {
  const packTitle = (id) => ((packs.packs || []).find((p) => p.id === id) || {}).title || id;
  const kind = (s) => (s === 'case_started' || s === 'consented' ? 'ok' : s === 'offered' ? 'info' : 'warn');
  return table([
    { label: t('offers.person'), cell: (o) => one(o.applicant_name || '—', h('div', { class: 'muted' }, maskIin(o.applicant_iin))) },
    { label: t('offers.programmes'), cell: (o) => one(h('div', {}, packTitle(o.pack)), (o.programmes || []).map((p) => h('div', { class: 'offer-programme' },
      `${localText(p.title) || p.programme}: ${formatMoney(p.amount_per_payment_tiyn)}${p.payments > 1 ? ` × ${p.payments}` : ''}`,
      p.period_from ? h('span', { class: 'muted' }, ` (${formatDate(p.period_from)} – ${formatDate(p.period_to)})`) : null))) },
    { label: t('offers.run_date'), cell: (o) => formatDate(o.run_date) },
    { label: t('offers.offered_at'), cell: (o) => when(o.offered_at) },
    { label: t('offers.expires_at'), cell: (o) => when(o.expires_at) },
    { label: t('case.state'), cell: (o) => one(badge(t(`offer.state.${o.state}`), kind(o.state)),
      o.answered_at ? h('div', { class: 'muted' }, `${when(o.answered_at)}${o.answered_via ? ` · ${word(`offers.via.${o.answered_via}`, o.answered_via)}` : ''}`) : null,
      o.case_id ? h('div', {}, h('a', { href: `#/case/${enc(o.case_id)}` }, o.case_number || t('case.unregistered'))) : null) },
    { label: t('offers.sms'), cell: (o) => t(o.sms_sent ? 'common.yes' : 'common.no') },
    { label: t('outbox.title'), cell: (o) => h('a', { href: `#/outbox/ref/${enc(`offer:${o.id}`)}` }, t('outbox.show')) },
  ], list, { caption: t('offers.list') });
}

// ---- the notification outbox ------------------------------------------------------------

// The deliveries of one case (#/outbox/case/{id}) or of one message reference such as an
// offer's (#/outbox/ref/offer:{id}); without either, the picker of the territory's cases.
async function outboxPage(main, params) {
  loading(main);
  const caseId = params.id || '';
  const ref = params.ref || '';
  const [cases, data] = await Promise.all([
    get('/api/v1/cases').then((d) => d.cases || []),
    caseId ? get(`/api/v1/notifications?case=${enc(caseId)}`) : ref ? get(`/api/v1/notifications?ref=${enc(ref)}`) : null,
  ]);
  const shownCase = cases.find((c) => c.id === caseId);
  fill(main,
    h('h1', {}, t('outbox.title')),
    h('p', { class: 'muted' }, t('outbox.intro')),
    pickForm(cases, caseId),
    data ? section('outbox-h', caseId ? t('outbox.of_case', { number: shownCase ? shownCase.number || t('case.unregistered') : caseId })
      : t('outbox.of_ref', { ref }),
    caseId ? h('p', {}, h('a', { href: `#/case/${enc(caseId)}` }, t('outbox.open_case'))) : null,
    deliveriesTable(data.deliveries || [])) : null);
}

// The cases the API lists for the territory (GET /api/v1/cases: the first page), to choose from.
function pickForm(cases, caseId) {
  if (!cases.length) return h('p', { class: 'muted' }, t('outbox.no_cases'));
  const pick = field({ name: 'case', label: t('outbox.case'), required: true, value: caseId,
    options: cases.map((c) => ({ value: c.id, label: `${c.number || t('case.unregistered')} · ${c.applicant_name || '—'} · ${t(`state.${c.state}`)}` })) });
  return form({ cls: 'card finance-form outbox-pick', submit: t('outbox.show'), fields: [pick],
    send: async () => pick.input.value,
    done: (id) => { location.hash = `#/outbox/case/${enc(id)}`; } });
}

function deliveriesTable(list) {
  const kind = (s) => (s === 'delivered' || s === 'sent' ? 'ok' : s === 'failed' ? 'bad' : 'warn');
  return table([
    { label: '№', num: true, cell: (d) => String(d.outbox_id) },
    { label: t('outbox.what'), cell: (d) => word(`outbox.topic.${d.topic}`, d.topic) },
    { label: t('outbox.channel'), cell: (d) => (d.channel ? word(`outbox.channel.${d.channel}`, d.channel) : t('outbox.channel.none')) },
    { label: t('outbox.state'), cell: (d) => one(badge(word(`outbox.status.${d.status}`, d.status), kind(d.status)),
      d.last_error ? h('div', { class: 'muted' }, h('code', { class: 'order-id' }, d.last_error)) : null,
      d.next_attempt_at ? h('div', { class: 'muted' }, t('outbox.next_attempt', { at: when(d.next_attempt_at) })) : null) },
    { label: t('outbox.attempts'), num: true, cell: (d) => String(d.attempts) },
    { label: t('outbox.delivered_at'), cell: (d) => one(when(d.delivered_at),
      d.due_on ? h('div', { class: 'muted' }, t('outbox.due_on', { date: formatDate(d.due_on) }), ' ',
        d.delivered_on && d.delivered_on > d.due_on ? badge(t('outbox.late'), 'bad') : null) : null) },
    { label: t('outbox.created_at'), cell: (d) => when(d.created_at) },
  ], list, { caption: t('outbox.title') });
}

export default [
  { id: 'offers', title: 'offers.title', roles: OFFER_READERS,
    routes: { offers: offersPage, 'offers/:state': offersPage },
    nav: [{ href: '#/offers', label: 'outreach.nav_offers', roles: OFFER_READERS }] },
  { id: 'outbox', title: 'outbox.title', roles: STAFF,
    routes: { outbox: outboxPage, 'outbox/case/:id': outboxPage, 'outbox/ref/:ref': outboxPage },
    nav: [{ href: '#/outbox', label: 'outreach.nav_outbox', roles: STAFF }] },
];
