// Special social services (seed 003; issue 8: the pages show what the later issues add): the
// territory's persons served, the needs assessment (003 §11), a person's file with the
// individual plans, their planned services and the records of services delivered or refused
// (003 §14), and the accounting report with its CSV. Roles as the API's policies
// (src/api/routes_social.cpp): officers and employment-centre consultants write, auditors
// read. The IIN travels in the assessment's body, never in a URL: a file is opened by the
// API's person id. Every form is a ui.js form (the page's own checks first, the server's
// message next to the field it names, one Idempotency-Key per submission).
import { t, lang } from './i18n.js';
import { get, post } from './api.js';
import { h, fill, field, form, table, kv, badge, loading } from './ui.js';
import { formatDate } from './format.js';
import { user } from './session.js';
import { rulePacks } from './aftercare.js';

const enc = encodeURIComponent;
// The API's policies (GET /api/v1/openapi.json).
const WRITERS = ['officer', 'consultant'];           // POST /social/assessments, /social/plans…
const READERS = ['officer', 'consultant', 'auditor']; // GET /social/persons, /social/report…

const can = (roles) => roles.includes((user() || {}).role);
const section = (id, title, ...children) =>
  h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id, tabindex: '-1' }, title), children);

// The catalogue (groups, types, forms, closing reasons) named in the page's language, loaded
// once per language; a failed load is forgotten so that the next page asks again.
let catalogueLoad = null;
function catalogue() {
  if (!catalogueLoad || catalogueLoad.lang !== lang()) {
    const promise = get('/api/v1/social/catalogue').catch((e) => { catalogueLoad = null; throw e; });
    catalogueLoad = { lang: lang(), promise };
  }
  return catalogueLoad.promise;
}
const nameIn = (list, code) => ((list || []).find((e) => e.code === code) || {}).name || code;
const choose = (list) => [{ value: '', label: t('social.choose') }, ...list.map((e) => ({ value: e.code, label: e.name }))];

// The office's date (the server's clock: the API refuses dates after it), '' if unknown.
async function officeToday() {
  try { return (await rulePacks()).today || ''; } catch { return ''; }
}

// A text area read as a list, one item a line.
const lines = (text) => String(text || '').split('\n').map((x) => x.trim()).filter(Boolean);
// A whole number for the API; other text is sent as typed so that the server names the field.
const integer = (text) => (/^\s*\d{1,9}\s*$/.test(text) ? Number(text) : String(text).trim());
const optional = (text) => (String(text || '').trim() ? String(text).trim() : undefined);
const numeric = { inputmode: 'numeric', autocomplete: 'off' };

// Checkboxes for a list field (the groups of an assessment): a fieldset with its legend, hint
// and one error slot for the list and its items ("categories[1]" lands here too).
let seq = 0;
function choices({ name, legend, hint, items }) {
  const id = `sc${++seq}`;
  const described = `${id}-hint ${id}-error`;
  const inputs = items.map((e, i) => h('input', { type: 'checkbox', id: `${id}-${i}`, value: e.code, 'aria-describedby': described }));
  if (inputs[0]) inputs[0].dataset.field = name;   // the server's error on the list focuses the first box
  const wrap = h('fieldset', { class: 'social-choices' },
    h('legend', {}, legend, h('span', { 'aria-hidden': 'true' }, ' *')),
    h('span', { id: `${id}-hint`, class: 'hint' }, hint),
    h('div', { class: 'choice-list' }, items.map((e, i) => h('div', { class: 'field inline' }, inputs[i],
      h('label', { for: `${id}-${i}` }, e.name, ' ', h('span', { class: 'cite' }, e.clause))))),
    h('span', { id: `${id}-error`, class: 'field-error', 'data-error-for': name }));
  wrap.values = () => inputs.filter((i) => i.checked).map((i) => i.value);
  return wrap;
}

// A second error slot in a field's box, for a related name the API may give (the record's
// "planned_service" beside its "type").
function alsoFor(wrap, name) {
  const id = `${wrap.input.id}-${name}`;
  wrap.append(h('span', { id, class: 'field-error', 'data-error-for': name }));
  wrap.input.setAttribute('aria-describedby', `${wrap.input.getAttribute('aria-describedby')} ${id}`);
  return wrap;
}

// ---- the entry: the territory's persons ---------------------------------------------------

async function listPage(main) {
  loading(main);
  const data = await get('/api/v1/social/persons');
  fill(main,
    h('h1', {}, t('social.title')),
    h('div', { class: 'actions' },
      can(WRITERS) ? h('a', { class: 'button', href: '#/social/assess' }, t('social.assess_title')) : null,
      h('a', { class: 'button secondary', href: '#/social/report' }, t('social.report_title'))),
    section('social-persons-h', t('social.persons'),
      h('p', { class: 'muted' }, t('social.persons_intro')),
      data.complete ? null : h('p', { class: 'warning' }, t('social.list_incomplete', { n: data.persons.length })),
      table([
        { label: t('social.full_name'), cell: (p) => h('a', { href: `#/social/person/${enc(p.id)}` }, p.full_name) },
        { label: t('social.iin'), cell: (p) => p.iin_masked || '—' },
        { label: t('social.territory'), cell: (p) => p.territory },
        { label: t('social.last_assessed'), cell: (p) => formatDate(p.last_assessed_on) },
        { label: t('social.plan'), cell: (p) => (p.open_plan_since
          ? badge(t('social.plan_open_since', { date: formatDate(p.open_plan_since) }), 'ok')
          : h('span', { class: 'muted' }, t('social.no_open_plan'))) },
      ], data.persons, { caption: t('social.persons') })));
}

// ---- the needs assessment (003 §11) --------------------------------------------------------

async function assessPage(main) {
  loading(main);
  const [cat, today] = await Promise.all([catalogue(), officeToday()]);
  const u = user() || {};
  const iin = field({ name: 'iin', label: t('social.iin'), required: true, hint: t('social.iin_hint'), attrs: { ...numeric, maxlength: 12 } });
  const name = field({ name: 'full_name', label: t('social.full_name'), required: true, attrs: { autocomplete: 'off' } });
  const territory = field({ name: 'territory', label: t('social.territory'), required: true,
    hint: t('social.territory_hint', { territory: u.territory || '—' }),
    value: /^\d{9}$/.test(u.territory || '') ? u.territory : '', attrs: { ...numeric, maxlength: 9 } });
  const on = field({ name: 'assessed_on', label: t('social.assessed_on'), type: 'date', required: true, value: today });
  const assessor = field({ name: 'assessor', label: t('social.assessor'), required: true, value: u.full_name || u.login || '' });
  const categories = choices({ name: 'categories', legend: t('social.categories'), hint: t('social.categories_hint'), items: cat.categories });
  const circumstances = field({ name: 'circumstances', label: t('social.circumstances'), type: 'textarea', required: true, hint: t('social.one_per_line') });
  const needs = field({ name: 'needs_services', label: t('social.conclusion'), required: true, value: 'true',
    options: [{ value: 'true', label: t('social.needs') }, { value: 'false', label: t('social.no_need') }] });
  const reasons = field({ name: 'reasons', label: t('social.reasons'), type: 'textarea', required: true, hint: t('social.reasons_hint') });
  const result = h('div', { class: 'social-result' });
  fill(main,
    h('p', {}, h('a', { href: '#/social' }, t('social.back'))),
    h('h1', {}, t('social.assess_title')),
    h('p', { class: 'muted' }, t('social.assess_intro'), ' ', h('span', { class: 'cite' }, '003 §11')),
    form({ cls: 'card social-form', fields: [
      h('div', { class: 'row' }, iin, name),
      h('div', { class: 'row' }, territory, on, assessor),
      categories, circumstances, needs, reasons], submit: t('social.assess_submit'),
    send: (key) => post('/api/v1/social/assessments', {
      iin: iin.input.value.trim(), full_name: name.input.value.trim(), territory: territory.input.value.trim(),
      assessed_on: on.input.value, assessor: assessor.input.value.trim(), categories: categories.values(),
      circumstances: lines(circumstances.input.value), needs_services: needs.input.value === 'true',
      reasons: lines(reasons.input.value) }, key),
    done: (r) => {
      result.replaceChildren(assessmentResult(r, cat));
      result.querySelector('h2').focus();
    } }),
    result);
}

function assessmentResult({ assessment: a, person: p }, cat) {
  return section('social-result-h', t('social.result_title'),
    h('p', {}, a.needs_services ? badge(t('social.needs_badge'), 'warn') : badge(t('social.no_need_badge'), 'ok'), ' ',
      a.needs_services ? t('social.needs') : t('social.no_need')),
    kv([[t('social.full_name'), p.full_name], [t('social.iin'), p.iin], [t('social.territory'), p.territory],
      [t('social.assessed_on'), formatDate(a.assessed_on)], [t('social.assessor'), a.assessor],
      [t('social.categories'), a.categories.map((c) => nameIn(cat.categories, c)).join('; ')],
      [t('social.circumstances'), a.circumstances.join('; ')], [t('social.reasons'), a.reasons.join('; ')]]),
    h('p', { class: 'muted' }, a.needs_services ? t('social.result_next') : t('social.result_no_plan')),
    h('div', { class: 'actions' }, h('a', { class: 'button', href: `#/social/person/${enc(p.id)}` }, t('social.open_file'))));
}

// ---- a person's file ------------------------------------------------------------------------

async function filePage(main, params) {
  loading(main);
  await renderFile(main, params.id);
}

// Draws the file; after a command, the plan it changed gets the focus and says so.
async function renderFile(main, personId, changed = null) {
  const [f, cat, today] = await Promise.all([get(`/api/v1/social/persons/${enc(personId)}`), catalogue(), officeToday()]);
  const reload = (planId) => () => renderFile(main, personId, planId);
  const writer = can(WRITERS);
  const planOf = (a) => f.plans.find((p) => p.assessment_id === a.id);
  // Assessments that found a need and have no plan yet: a plan may open on them.
  const free = f.assessments.filter((a) => a.needs_services && !planOf(a));
  fill(main,
    h('p', {}, h('a', { href: '#/social' }, t('social.back'))),
    h('h1', {}, f.person.full_name),
    kv([[t('social.iin'), f.person.iin], [t('social.territory'), f.person.territory]]),
    section('social-assessments-h', t('social.assessments'), table([
      { label: t('social.assessed_on'), cell: (a) => formatDate(a.assessed_on) },
      { label: t('social.assessor'), cell: (a) => a.assessor },
      { label: t('social.categories'), cell: (a) => a.categories.map((c) => nameIn(cat.categories, c)).join('; ') },
      { label: t('social.circumstances'), cell: (a) => a.circumstances.join('; ') },
      { label: t('social.conclusion'), cell: (a) => (a.needs_services ? badge(t('social.needs_badge'), 'warn') : badge(t('social.no_need_badge'), 'ok')) },
      { label: t('social.reasons'), cell: (a) => a.reasons.join('; ') },
      { label: t('social.plan'), cell: (a) => (planOf(a) ? t('social.plan_from', { date: formatDate(planOf(a).opened_on) }) : '—') },
    ], f.assessments, { caption: t('social.assessments') }),
    writer && free.length ? openPlanForm(free, today, (plan) => renderFile(main, personId, plan.id)) : null,
    writer && f.assessments.length && !free.length && !f.plans.some((p) => p.state === 'open')
      ? h('p', { class: 'muted' }, t('social.no_plan_possible')) : null),
    f.plans.slice().reverse().map((plan) => planCard(plan, cat, today, writer, reload(plan.id), changed === plan.id)));
  if (changed) {
    const heading = main.querySelector(`[data-plan="${CSS.escape(changed)}"] h2`);
    if (heading) heading.focus();
  }
}

function openPlanForm(free, today, done) {
  const latest = free[free.length - 1];
  const assessment = field({ name: 'assessment', label: t('social.on_assessment'), required: true, value: latest.id,
    options: free.map((a) => ({ value: a.id, label: `${formatDate(a.assessed_on)} · ${a.assessor}` })) });
  const on = field({ name: 'opened_on', label: t('social.opened_on'), type: 'date', required: true, value: today });
  const goals = field({ name: 'goals', label: t('social.goals'), type: 'textarea', required: true });
  return form({ cls: 'social-form', title: t('social.open_plan'), fields: [h('div', { class: 'row' }, assessment, on), goals],
    submit: t('social.open_plan'),
    send: (key) => post('/api/v1/social/plans', { assessment: assessment.input.value, opened_on: on.input.value, goals: goals.input.value.trim() }, key),
    done });
}

function planCard(plan, cat, today, writer, reload, changed) {
  const id = `plan-${plan.id}-h`;
  const open = plan.state === 'open';
  const delivered = (s) => (plan.records || []).filter((r) => r.planned_service_id === s.id && !r.refused).reduce((n, r) => n + r.quantity, 0);
  const serviceName = (s) => `${nameIn(cat.service_types, s.type)} · ${nameIn(cat.forms, s.form)}`;
  const forms = writer && open ? [
    serviceForm(plan, cat, today, reload),
    plan.services.length ? recordForm(plan, cat, today, reload) : null,
    plan.services.some((s) => !s.closed) ? endServiceForm(plan, cat, today, reload) : null,
    closePlanForm(plan, cat, today, reload),
  ] : [];
  return h('section', { class: 'card social-plan', 'aria-labelledby': id, 'data-plan': plan.id },
    h('h2', { id, tabindex: '-1' }, t('social.plan_title', { date: formatDate(plan.opened_on) }), ' ',
      open ? badge(t('social.state.open'), 'ok') : badge(t('social.state.closed'), 'info')),
    changed ? h('p', { class: 'notice-ok', role: 'status' }, t('social.saved')) : null,
    kv([[t('social.on_assessment'), formatDate(plan.assessed_on)], [t('social.goals'), plan.goals],
      [t('social.categories'), plan.categories.map((c) => nameIn(cat.categories, c)).join('; ')],
      open ? null : [t('social.closed_on'), formatDate(plan.closed_on)],
      open ? null : [t('social.closing_reason'), nameIn(cat.closing_reasons, plan.closing_reason)],
      open || !plan.closing_notes ? null : [t('social.notes'), plan.closing_notes]]),
    h('h3', {}, t('social.services')),
    table([
      { label: t('social.type'), cell: (s) => nameIn(cat.service_types, s.type) },
      { label: t('social.form'), cell: (s) => nameIn(cat.forms, s.form) },
      { label: t('social.description'), cell: (s) => s.description },
      { label: t('social.frequency'), cell: (s) => s.frequency },
      { label: t('social.quantity'), num: true, cell: (s) => String(s.quantity) },
      { label: t('social.delivered'), num: true, cell: (s) => String(delivered(s)) },
      { label: t('social.provider'), cell: (s) => s.provider },
      { label: t('social.period'), cell: (s) => `${formatDate(s.planned_from)} – ${formatDate(s.planned_to)}` },
      { label: t('social.service_state'), cell: (s) => (s.closed
        ? h('span', {}, badge(t('social.ended_on', { date: formatDate(s.closed_on) }), 'info'), ' ', s.closed_reason)
        : open ? badge(t('social.state.open'), 'ok') : badge(t('social.closed_with_plan'), 'info')) },
    ], plan.services, { caption: t('social.services') }),
    h('h3', {}, t('social.records')),
    table([
      { label: t('social.date'), cell: (r) => formatDate(r.date) },
      { label: t('social.type'), cell: (r) => nameIn(cat.service_types, r.type) },
      { label: t('social.outcome'), cell: (r) => (r.refused
        ? h('span', {}, badge(t('social.refused'), 'bad'), ' ', r.refusal_reason)
        : badge(t('social.delivered_one'), 'ok')) },
      { label: t('social.quantity'), num: true, cell: (r) => String(r.quantity) },
      { label: t('social.duration'), num: true, cell: (r) => (r.duration_minutes ? String(r.duration_minutes) : '—') },
      { label: t('social.provider'), cell: (r) => r.provider },
      { label: t('social.notes'), cell: (r) => r.notes || '—' },
    ], plan.records || [], { caption: t('social.records') }),
    forms.length ? h('div', { class: 'social-forms' }, forms) : null);
}

function serviceForm(plan, cat, today, done) {
  const type = field({ name: 'type', label: t('social.type'), required: true, options: choose(cat.service_types) });
  const kind = field({ name: 'form', label: t('social.form'), required: true, options: choose(cat.forms) });
  const description = field({ name: 'description', label: t('social.description'), type: 'textarea', required: true });
  const frequency = field({ name: 'frequency', label: t('social.frequency'), required: true, hint: t('social.frequency_hint') });
  const quantity = field({ name: 'quantity', label: t('social.quantity'), required: true, hint: t('social.quantity_hint'), attrs: { ...numeric, maxlength: 5 } });
  const provider = field({ name: 'provider', label: t('social.provider'), required: true, hint: t('social.provider_hint') });
  const from = field({ name: 'planned_from', label: t('social.planned_from'), type: 'date', required: true, value: today >= plan.opened_on ? today : plan.opened_on });
  const to = field({ name: 'planned_to', label: t('social.planned_to'), type: 'date', required: true });
  return form({ cls: 'social-form', title: t('social.plan_service'), submit: t('social.plan_service'),
    fields: [h('div', { class: 'row' }, type, kind), description, h('div', { class: 'row' }, frequency, quantity), provider, h('div', { class: 'row' }, from, to)],
    send: (key) => post(`/api/v1/social/plans/${enc(plan.id)}/services`, {
      type: type.input.value, form: kind.input.value, description: description.input.value.trim(), frequency: frequency.input.value.trim(),
      quantity: integer(quantity.input.value), provider: provider.input.value.trim(), planned_from: from.input.value, planned_to: to.input.value }, key),
    done });
}

// A service delivered or refused: the planned service it is under (its type is sent), the
// day, how much and how long, who delivered it; or the person's refusal and why.
function recordForm(plan, cat, today, done) {
  const services = plan.services.slice().sort((a, b) => Number(a.closed) - Number(b.closed));
  const label = (s) => `${nameIn(cat.service_types, s.type)} · ${nameIn(cat.forms, s.form)} · ${s.provider}` +
    (s.closed ? ` (${t('social.ended_on', { date: formatDate(s.closed_on) })})` : '');
  const service = alsoFor(field({ name: 'type', label: t('social.planned_service'), required: true,
    options: services.map((s) => ({ value: s.id, label: label(s) })) }), 'planned_service');
  const chosen = () => services.find((s) => s.id === service.input.value) || services[0];
  const date = field({ name: 'date', label: t('social.date'), type: 'date', required: true, value: today });
  const quantity = field({ name: 'quantity', label: t('social.quantity'), required: true, value: '1', attrs: { ...numeric, maxlength: 5 } });
  const duration = field({ name: 'duration_minutes', label: t('social.duration'), hint: t('social.duration_hint'), attrs: { ...numeric, maxlength: 4 } });
  const provider = field({ name: 'provider', label: t('social.provider'), required: true, value: chosen().provider });
  const notes = field({ name: 'notes', label: t('social.notes'), type: 'textarea' });
  const refused = field({ name: 'refused', label: t('social.refused_box'), type: 'checkbox', inline: true });
  const reason = field({ name: 'refusal_reason', label: t('social.refusal_reason'), hint: t('social.refusal_reason_hint') });
  // The provider follows the chosen service while the person has not written another.
  let suggested = provider.input.value;
  service.input.addEventListener('change', () => {
    if (provider.input.value === suggested) provider.input.value = chosen().provider;
    suggested = chosen().provider;
  });
  return form({ cls: 'social-form', title: t('social.record_service'), submit: t('social.record_service'),
    fields: [service, h('div', { class: 'row' }, date, quantity, duration), provider, notes, refused, reason],
    send: (key) => post(`/api/v1/social/plans/${enc(plan.id)}/records`, {
      type: chosen().type, planned_service: chosen().id, date: date.input.value, quantity: integer(quantity.input.value),
      duration_minutes: optional(duration.input.value) === undefined ? undefined : integer(duration.input.value),
      provider: provider.input.value.trim(), notes: optional(notes.input.value), refused: refused.input.checked,
      refusal_reason: optional(reason.input.value) }, key),
    done });
}

function endServiceForm(plan, cat, today, done) {
  const open = plan.services.filter((s) => !s.closed);
  const service = field({ name: 'service', label: t('social.planned_service'), required: true,
    options: open.map((s) => ({ value: s.id, label: `${nameIn(cat.service_types, s.type)} · ${nameIn(cat.forms, s.form)} · ${s.provider}` })) });
  const on = field({ name: 'closed_on', label: t('social.ended_date'), type: 'date', required: true, value: today });
  const reason = field({ name: 'reason', label: t('social.end_reason'), required: true });
  return form({ cls: 'social-form', title: t('social.end_service'), submit: t('social.end_service'),
    fields: [service, on, reason],
    send: (key) => post(`/api/v1/social/plans/${enc(plan.id)}/services/${enc(service.input.value)}/close`,
      { closed_on: on.input.value, reason: reason.input.value.trim() }, key),
    done });
}

function closePlanForm(plan, cat, today, done) {
  const on = field({ name: 'closed_on', label: t('social.closed_on'), type: 'date', required: true, value: today });
  const reason = field({ name: 'reason', label: t('social.closing_reason'), required: true, options: choose(cat.closing_reasons) });
  const notes = field({ name: 'notes', label: t('social.notes'), type: 'textarea' });
  return form({ cls: 'social-form', title: t('social.close_plan'), submit: t('social.close_plan'),
    fields: [h('div', { class: 'row' }, on, reason), notes],
    send: (key) => post(`/api/v1/social/plans/${enc(plan.id)}/close`,
      { closed_on: on.input.value, reason: reason.input.value, notes: optional(notes.input.value) }, key),
    done });
}

// ---- the accounting report (003 §14) --------------------------------------------------------

async function reportPage(main) {
  loading(main);
  const [cat, today] = await Promise.all([catalogue(), officeToday()]);
  const u = user() || {};
  const from = field({ name: 'from', label: t('social.from'), type: 'date', required: true, value: today ? `${today.slice(0, 8)}01` : '' });
  const to = field({ name: 'to', label: t('social.to'), type: 'date', required: true, value: today });
  const territory = field({ name: 'territory', label: t('social.report_territory'), value: u.territory || '',
    hint: t('social.report_territory_hint'), attrs: { ...numeric, maxlength: 9 } });
  const out = h('div', { class: 'social-report', 'aria-live': 'polite' });
  const query = () => {
    const q = new URLSearchParams({ from: from.input.value, to: to.input.value });
    if (territory.input.value.trim()) q.set('territory', territory.input.value.trim());
    return q.toString();
  };
  // Only the latest request's answer is drawn (the first month's may come after a period
  // asked for meanwhile).
  let asked = 0;
  const show = async () => {
    const q = query();
    const n = ++asked;
    return { report: await get(`/api/v1/social/report?${q}`), q, n };
  };
  const draw = ({ report, q, n }) => { if (n === asked) out.replaceChildren(...reportView(report, cat, q)); };
  fill(main,
    h('p', {}, h('a', { href: '#/social' }, t('social.back'))),
    h('h1', {}, t('social.report_title')),
    h('p', { class: 'muted' }, t('social.report_intro'), ' ', h('span', { class: 'cite' }, '003 §14')),
    form({ cls: 'card social-form', fields: [h('div', { class: 'row' }, from, to, territory)], submit: t('social.report_show'),
      send: show, done: (r) => { draw(r); const h2 = out.querySelector('h2'); if (h2) h2.focus(); } }),
    out);
  // The current month at once; a refusal (a territory the role may not see) waits for the form.
  if (today) draw(await show().catch(() => ({ report: null, q: '', n: -1 })));
}

function reportView(r, cat, q) {
  if (!r) return [];
  const forms = cat.forms;
  const closed = Object.entries((r.plans && r.plans.closed_by_reason) || {});
  return [
    section('social-report-h', t('social.report_for', { from: formatDate(r.period.from), to: formatDate(r.period.to), territory: r.territory || t('social.country') }),
      h('div', { class: 'actions' }, h('a', { class: 'button secondary', href: `/api/v1/social/report?${q}&format=csv`,
        download: `social-services-${r.period.from}-${r.period.to}.csv` }, t('social.csv'))),
      kv([[t('social.persons_served'), h('span', { class: 'figure', 'data-figure': 'persons_served' }, String(r.persons_served))],
        [t('social.plans_opened'), h('span', { 'data-figure': 'plans_opened' }, String(r.plans.opened))],
        [t('social.plans_closed'), closed.length
          ? h('ul', {}, closed.map(([code, n]) => h('li', { 'data-reason': code }, `${nameIn(cat.closing_reasons, code)}: ${n}`)))
          : '0']]),
      h('h3', {}, t('social.by_type')),
      table([
        { label: t('social.type'), cell: (x) => x.name },
        { label: t('social.planned'), num: true, cell: (x) => String(x.planned) },
        { label: t('social.delivered'), num: true, cell: (x) => String(x.delivered) },
        { label: t('social.refusals'), num: true, cell: (x) => String(x.refused) },
        { label: t('social.persons_count'), num: true, cell: (x) => String(x.persons) },
      ], r.services_by_type, { caption: t('social.by_type') }),
      h('h3', {}, t('social.by_category')),
      table([
        { label: t('social.category'), cell: (x) => x.name },
        { label: t('social.persons_count'), num: true, cell: (x) => String(x.persons) },
      ], r.by_category, { caption: t('social.by_category') }),
      h('h3', {}, t('social.by_form')),
      table([
        { label: t('social.form'), cell: (x) => x.name },
        { label: t('social.persons_count'), num: true, cell: (x) => String(x.persons) },
      ], r.by_form, { caption: t('social.by_form') }),
      // Groups by forms: eleven rows of six figures, folded (a phone shows each row as a block).
      h('details', { class: 'social-cross' }, h('summary', {}, t('social.by_category_form')), table([
        { label: t('social.category'), cell: (x) => x.name },
        { label: t('social.persons_count'), num: true, cell: (x) => String(x.persons) },
        ...forms.map((f) => ({ label: f.name, num: true, cell: (x) => String((x.by_form || {})[f.code] || 0) })),
      ], r.by_category, { caption: t('social.by_category_form') }))),
  ];
}

export default [
  { id: 'social', title: 'social.title', roles: READERS,
    routes: { social: listPage, 'social/person/:id': filePage, 'social/report': reportPage },
    nav: [{ href: '#/social', label: 'social.nav', roles: READERS }] },
  // Assessing writes: the page is not offered to auditors (the router sends them home).
  { id: 'social-assess', title: 'social.assess_title', roles: WRITERS, routes: { 'social/assess': assessPage } },
];
