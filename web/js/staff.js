// The caseworker's workspace: the work queue with deadlines, the case page that walks
// through the workflow, intake at the desk, journals with CSV, search by IIN or name.
import { t } from './i18n.js';
import { get, post } from './api.js';
import { h, fill, field, form, command, table, kv, badge, stateBadge, loading } from './ui.js';
import { formatDate, formatMonth, formatMoney } from './format.js';
import { user, STAFF } from './session.js';
import { applicationForm } from './family-form.js';
import { caseAftercare, complaintsTable } from './aftercare.js';
import { documentsSection } from './documents.js';
import { figuresWarning, usesDemoFigures, demoFiguresNote } from './statistics.js';

const PROCESSORS = ['officer', 'consultant', 'akim_officer'];
const caseLink = (c) => h('a', { href: `#/case/${encodeURIComponent(c.id || c.case)}` }, c.number || t('case.unregistered'));
const can = (roles) => roles.includes(user().role);

// ---- the work queue -------------------------------------------------------------------

async function queue(main) {
  loading(main);
  const mine = sessionStorage.getItem('komek.mine') === 'true';
  const [deadlines, open] = await Promise.all([
    get(`/api/v1/deadlines?within=3${mine ? '&mine=true' : ''}`),
    get(`/api/v1/cases?open=true${mine ? `&officer=${encodeURIComponent(user().login)}` : ''}`),
  ]);
  const mineBox = field({ name: 'mine', label: t('queue.mine'), type: 'checkbox', value: mine, inline: true });
  mineBox.input.addEventListener('change', () => {
    sessionStorage.setItem('komek.mine', String(mineBox.input.checked));
    queue(main).then(() => main.querySelector('input[name=mine]').focus());
  });
  const deadlineColumns = [
    { label: t('case.number'), cell: caseLink },
    { label: t('queue.step'), cell: (d) => t(`step.${d.step}`) },
    { label: t('queue.due'), cell: (d) => formatDate(d.due) },
    { label: t('queue.cites'), cell: (d) => h('span', { class: 'cite' }, d.cites) },
    { label: t('case.officer'), cell: (d) => d.officer || '—' },
  ];
  fill(main, 
    h('h1', {}, t('queue.title')),
    h('p', { class: 'muted' }, t('queue.today', { today: formatDate(deadlines.today), until: formatDate(deadlines.until) })),
    h('div', { class: 'row' }, mineBox, can([...PROCESSORS, 'state_corporation_operator']) ? h('a', { class: 'button secondary', href: '#/intake' }, t('intake.title')) : null),
    h('section', { class: 'card', 'aria-labelledby': 'overdue-h' },
      h('h2', { id: 'overdue-h' }, t('queue.overdue'), ' ', badge(String(deadlines.overdue.length), deadlines.overdue.length ? 'bad' : 'ok')),
      table(deadlineColumns, deadlines.overdue, { caption: t('queue.overdue') })),
    h('section', { class: 'card', 'aria-labelledby': 'soon-h' },
      h('h2', { id: 'soon-h' }, t('queue.due_soon'), ' ', badge(String(deadlines.due_soon.length), deadlines.due_soon.length ? 'warn' : 'ok')),
      table(deadlineColumns, deadlines.due_soon, { caption: t('queue.due_soon') })),
    h('section', { class: 'card', 'aria-labelledby': 'open-h' },
      h('h2', { id: 'open-h' }, t('queue.open')),
      table([
        { label: t('case.number'), cell: caseLink },
        { label: t('case.applicant'), cell: (c) => c.applicant_name || '—' },
        { label: t('case.state'), cell: (c) => stateBadge(c.state) },
        { label: t('case.pack'), cell: (c) => c.pack },
        { label: t('case.registered_on'), cell: (c) => formatDate(c.registered_on) },
        { label: t('case.decision_due'), cell: (c) => formatDate(c.decision_due) },
      ], open.cases, { caption: t('queue.open') })));
}

// ---- the case page --------------------------------------------------------------------

const FLOW = ['submitted', 'registered', 'awaiting_documents', 'at_commission', 'employment_measures', 'ready_for_decision', 'hearing'];

function progress(c) {
  const end = ['granted', 'refused', 'refused_to_accept'].includes(c.state) ? c.state : 'decision';
  const at = FLOW.indexOf(c.state);
  const steps = [...FLOW, end];
  return h('ol', { class: 'steps', 'aria-label': t('case.progress') }, steps.map((s, i) => {
    const current = s === c.state;
    const done = at < 0 ? true : i < at;
    return h('li', { class: current ? 'current' : done ? 'done' : null, 'aria-current': current ? 'step' : null },
      s === 'decision' ? t('case.decision') : t(`state.${s}`));
  }));
}

function deadlinesTable(c, today) {
  const status = (d) => {
    if (d.done) return d.done <= d.due ? badge(t('deadline.kept'), 'ok') : badge(t('deadline.missed'), 'bad');
    if (['granted', 'refused', 'refused_to_accept'].includes(c.state)) return badge(t('deadline.closed'), 'info');
    return today && d.due < today ? badge(t('deadline.overdue'), 'bad') : badge(t('deadline.open'), 'warn');
  };
  return table([
    { label: t('queue.step'), cell: (d) => t(`step.${d.step}`) },
    { label: t('queue.due'), cell: (d) => formatDate(d.due) },
    { label: t('deadline.done'), cell: (d) => formatDate(d.done) },
    { label: t('deadline.status'), cell: status },
    { label: t('queue.cites'), cell: (d) => h('span', { class: 'cite' }, d.cites) },
  ], c.deadlines, { caption: t('case.deadlines') });
}

export function familyTable(family, vocabulary) {
  if (!family) return null;
  const word = (list, id) => ((list || []).find((x) => x.id === id) || {}).name || id;
  return table([
    { label: t('family.relation'), cell: (m) => word(vocabulary && vocabulary.relations, m.relation) },
    { label: t('family.iin'), cell: (m) => m.iin || '—' },
    { label: t('family.birth_date'), cell: (m) => formatDate(m.birth_date) },
    { label: t('family.incomes'), cell: (m) => (m.incomes || []).map((i) =>
      h('div', {}, `${word(vocabulary && vocabulary.income_types, i.type)} · ${formatMonth(i.month)} · ${formatMoney(Math.round(Number(i.amount) * 100))}`)) },
  ], family.members || [], { caption: t('family.members') });
}

function registryAnswers(c) {
  const s = c.registry_snapshot;
  if (!s) return h('p', { class: 'muted' }, t('registry.none'));
  const rows = [];
  for (const m of s.members || [])
    for (const a of m.answers || []) rows.push({ iin: m.iin, ...a });
  return h('div', {},
    h('p', {}, t('registry.taken', { at: formatDate(c.registry_taken_at) })),
    (s.missing || []).length ? h('div', { class: 'warning' }, t('registry.missing'),
      h('ul', {}, s.missing.map((x) => h('li', {}, `${x.query}. ${x.name} — ${x.reason}${x.document ? ` (${x.document})` : ''}`)))) : null,
    h('details', {}, h('summary', {}, t('registry.answers', { n: rows.length })),
      table([
        { label: t('family.iin'), cell: (r) => r.iin },
        { label: t('registry.query'), cell: (r) => `${r.query}. ${r.name}` },
        { label: t('registry.system'), cell: (r) => r.system },
        { label: t('registry.found'), cell: (r) => (r.found ? badge(t('common.yes'), 'ok') : badge(t('common.no'), 'info')) },
      ], rows, { caption: t('registry.answers', { n: rows.length }) })));
}

// The rule engine's reasoning, in the page's language, with the clause of every step.
export async function explanation(c) {
  if (!c.evaluation) return null;
  let ev;
  try { ev = await get(`/api/v1/cases/${encodeURIComponent(c.id)}/explanation`); } catch { ev = c.evaluation; }
  return h('section', { class: 'card', 'aria-labelledby': 'why-h' },
    h('h2', { id: 'why-h' }, t('case.explanation')),
    ev.language && ev.language !== document.documentElement.lang ? h('p', { class: 'muted' }, t('case.explanation_language')) : null,
    usesDemoFigures(ev) ? demoFiguresNote() : null,
    ev.income ? kv([[t('eval.per_capita'), formatMoney(ev.income.per_capita_monthly_tiyn)],
                    [t('eval.income_period'), `${formatDate(ev.income.period.from)} – ${formatDate(ev.income.period.to)}`],
                    [t('eval.members'), String(ev.income.members)]]) : null,
    (ev.programmes || []).filter((p) => p.in_force).map((p) => h('div', {},
      h('h3', {}, p.title || p.id, ' ', p.eligible ? badge(t('eval.eligible'), 'ok') : badge(t('eval.not_eligible'), 'bad'), ' ',
        h('span', { class: 'cite' }, p.cites)),
      p.eligible ? h('p', {}, t('eval.amount', { amount: formatMoney(p.amount_per_payment_tiyn), payments: p.payments, total: formatMoney(p.amount_per_period_tiyn) })) : null,
      (p.refusal_reasons || []).length ? h('ul', {}, p.refusal_reasons.map((r) => h('li', {}, r.title || r.id, ' ', h('span', { class: 'cite' }, r.cites)))) : null,
      h('details', {}, h('summary', {}, t('eval.steps', { n: (p.trace || []).length })),
        h('ol', { class: 'trace' }, (p.trace || []).map((s) => h('li', { class: s.passed ? 'passed' : 'failed' },
          s.text, ' ', h('span', { class: 'cite' }, s.cites))))))));
}

export function decisionView(c) {
  const d = c.decision;
  if (!d) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'decision-h' },
    h('h2', { id: 'decision-h' }, t('decision.title', { form: d.form }), ' ', d.granted ? badge(t('decision.granted'), 'ok') : badge(t('decision.refused'), 'bad')),
    kv([[t('decision.on'), formatDate(d.on)], [t('case.officer'), d.officer]]),
    table([
      { label: t('decision.programme'), cell: (p) => p.programme },
      { label: t('decision.outcome'), cell: (p) => (p.granted ? badge(t('decision.granted'), 'ok') : badge(t('decision.refused'), 'bad')) },
      { label: t('decision.per_payment'), num: true, cell: (p) => (p.granted ? formatMoney(p.amount_per_payment_tiyn) : '—') },
      { label: t('decision.payments'), num: true, cell: (p) => (p.granted ? String(p.payments) : '—') },
      { label: t('decision.total'), num: true, cell: (p) => (p.granted ? formatMoney(p.amount_per_period_tiyn) : '—') },
      { label: t('decision.period'), cell: (p) => (p.period_from ? `${formatDate(p.period_from)} – ${formatDate(p.period_to)}` : '—') },
      { label: t('decision.reasons'), cell: (p) => [...(p.refusals || []), ...(p.cites || [])].join('; ') || '—' },
    ], d.programmes, { caption: t('decision.title', { form: d.form }) }));
}

// What the signed-in role may do on the case in its state, as forms.
function actions(c, rerender) {
  const id = encodeURIComponent(c.id);
  const to = (path) => `/api/v1/cases/${id}/${path}`;
  const out = [];
  const run = (label, path, cls) => command(label, (key) => post(to(path), {}, key), rerender, cls);
  const s = c.state;
  if (s === 'submitted' && can(PROCESSORS)) {
    out.push(run(t('action.accept'), 'accept'));
    const missing = field({ name: 'missing_documents', label: t('action.missing_documents'), hint: t('action.list_hint') });
    const reason = field({ name: 'reason', label: t('action.reason'), type: 'textarea' });
    out.push(form({ title: t('action.refuse_to_accept'), fields: [missing, reason], submit: t('action.refuse_to_accept'),
      send: (key) => post(to('refuse-to-accept'), { missing_documents: missing.input.value.split(',').map((x) => x.trim()).filter(Boolean), reason: reason.input.value }, key),
      done: rerender }));
  }
  if (s === 'registered' && can(PROCESSORS)) out.push(run(t('action.registry'), 'registry'));
  if (s === 'awaiting_documents' && can(PROCESSORS)) out.push(run(t('action.documents_received'), 'documents-received'));
  if (['registered', 'awaiting_documents', 'at_commission'].includes(s) && can(PROCESSORS)) {
    if (!c.written_query) {
      const addressee = field({ name: 'addressee', label: t('action.addressee'), required: true });
      const subject = field({ name: 'subject', label: t('action.subject'), required: true });
      out.push(form({ title: t('action.written_query'), fields: [addressee, subject], submit: t('action.send_query'),
        send: (key) => post(to('written-query'), { addressee: addressee.input.value, subject: subject.input.value }, key), done: rerender }));
    } else {
      if (!c.written_query.applicant_notified_on) out.push(run(t('action.query_notice'), 'written-query/notice'));
      if (!c.written_query.answered_on) out.push(run(t('action.query_answer'), 'written-query/answer'));
    }
  }
  if (s === 'at_commission' && !c.commission && can(PROCESSORS)) {
    const kind = field({ name: 'kind', label: t('action.commission_kind'), options: [
      { value: 'district', label: t('commission.district') }, { value: 'special', label: t('commission.special') }] });
    out.push(form({ title: t('action.commission'), fields: [kind], submit: t('action.refer'),
      send: (key) => post(to('commission'), { kind: kind.input.value }, key), done: rerender }));
  }
  if (s === 'at_commission' && c.commission && !c.commission.concluded_on && can(['officer', 'commission_member'])) {
    const need = field({ name: 'in_need', label: t('action.in_need'), options: [
      { value: 'true', label: t('commission.in_need') }, { value: 'false', label: t('commission.not_in_need') }] });
    const notes = field({ name: 'notes', label: t('action.notes'), type: 'textarea' });
    out.push(form({ title: t('action.conclusion'), fields: [need, notes], submit: t('action.record'),
      send: (key) => post(to('commission/conclusion'), { in_need: need.input.value === 'true', notes: notes.input.value }, key), done: rerender }));
  }
  if (s === 'employment_measures' && can(['consultant', 'officer'])) {
    const rec = field({ name: 'recommendations', label: t('action.recommendations'), type: 'textarea', required: true });
    const number = field({ name: 'contract_number', label: t('action.contract_number'), hint: t('action.contract_hint') });
    const plan = field({ name: 'plan', label: t('action.plan'), hint: t('action.list_hint') });
    const seekers = field({ name: 'job_seekers', label: t('action.job_seekers'), hint: t('action.list_hint') });
    const list = (f) => f.input.value.split(',').map((x) => x.trim()).filter(Boolean);
    out.push(form({ title: t('action.employment'), fields: [rec, number, plan, seekers], submit: t('action.record'),
      send: (key) => post(to('employment'), { recommendations: rec.input.value, contract_number: number.input.value, plan: list(plan), job_seekers: list(seekers) }, key),
      done: rerender }));
  }
  if (s === 'ready_for_decision' && can(PROCESSORS)) out.push(run(t('action.evaluate'), 'evaluate', 'secondary-form'));
  if (s === 'ready_for_decision' && can(['officer'])) {
    const when = field({ name: 'decision_not_before', label: t('action.decision_not_before'), type: 'date', required: true, hint: t('action.hearing_hint') });
    out.push(form({ title: t('action.hearing'), fields: [when], submit: t('action.notify_hearing'),
      send: (key) => post(to('hearing'), { decision_not_before: when.input.value }, key), done: rerender }));
  }
  if (s === 'hearing' && can(['officer'])) out.push(...hearingForms(c, rerender));
  if (['ready_for_decision', 'hearing'].includes(s) && can(['officer'])) out.push(run(t('action.decide'), 'decision'));
  return out;
}

export function hearingForms(c, rerender) {
  const id = encodeURIComponent(c.id);
  const out = [];
  if (c.hearing && !c.hearing.objection_on) {
    const text = field({ name: 'text', label: t('hearing.objection'), type: 'textarea', required: true });
    const oral = field({ name: 'oral', label: t('hearing.oral'), type: 'checkbox', inline: true });
    out.push(form({ title: t('hearing.objection_title', { due: formatDate(c.hearing.objection_due) }), fields: [text, oral], submit: t('action.send'),
      send: (key) => post(`/api/v1/cases/${id}/hearing/objection`, { text: text.input.value, oral: oral.input.checked }, key), done: rerender }));
  }
  if (c.hearing && c.hearing.oral && c.hearing.remarks_due && !c.hearing.remarks_on) {
    const text = field({ name: 'text', label: t('hearing.remarks'), type: 'textarea', required: true });
    out.push(form({ title: t('hearing.remarks_title', { due: formatDate(c.hearing.remarks_due) }), fields: [text], submit: t('action.send'),
      send: (key) => post(`/api/v1/cases/${id}/hearing/remarks`, { text: text.input.value }, key), done: rerender }));
  }
  return out;
}

// The printable notice: the coupon at registration, the decision (form 5 or 6) after it.
export function printable(c) {
  return h('div', { class: 'actions no-print' },
    h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('case.print')));
}

async function casePage(main, { id }, given) {
  if (!given) loading(main);
  const [c, meta, today] = await Promise.all([
    given ? Promise.resolve(given) : get(`/api/v1/cases/${encodeURIComponent(id)}`),
    get('/api/v1/packs'),
    get('/api/v1/deadlines?within=0').then((d) => d.today).catch(() => null),
  ]);
  const rerender = (updated) => casePage(main, { id }, updated).then(() => main.querySelector('h1').focus());
  const why = await explanation(c);
  const acts = actions(c, rerender);
  const after = await caseAftercare(c, () => casePage(main, { id }).then(() => main.querySelector('h1').focus()));
  const documents = await documentsSection(c);
  // The regional figures this case will need and that are not entered yet (issue 16), and
  // the mark of demonstration figures its evaluation rests on.
  const wanted = await figuresWarning(c.id);
  fill(main, 
    h('h1', { tabindex: '-1' }, t('case.title', { number: c.number || t('case.unregistered') }), ' ', stateBadge(c.state)),
    progress(c),
    wanted,
    usesDemoFigures(c.evaluation) ? demoFiguresNote() : null,
    h('section', { class: 'card', 'aria-labelledby': 'summary-h' },
      h('h2', { id: 'summary-h' }, t('case.summary')),
      kv([[t('case.applicant'), c.applicant_name || '—'], [t('family.iin'), c.applicant_iin || '—'], [t('case.pack'), c.pack],
          [t('case.programmes'), (c.programmes || []).join(', ') || '—'], [t('case.channel'), t(`channel.${c.channel}`)],
          [t('case.received_at'), formatDate(c.received_at)], [t('case.registered_on'), formatDate(c.registered_on)],
          [t('case.officer'), c.officer || '—'], [t('family.territory'), c.territory]]),
      printable(c),
      // How the case's notices were delivered (the notification outbox, outreach.js).
      h('p', { class: 'no-print' }, h('a', { href: `#/outbox/case/${encodeURIComponent(c.id)}` }, t('outbox.show')))),
    acts.length ? h('section', { class: 'card no-print', 'aria-labelledby': 'act-h' }, h('h2', { id: 'act-h' }, t('case.next')), acts) : null,
    decisionView(c),
    after,
    why,
    h('section', { class: 'card', 'aria-labelledby': 'dl-h' }, h('h2', { id: 'dl-h' }, t('case.deadlines')), deadlinesTable(c, today)),
    h('section', { class: 'card', 'aria-labelledby': 'reg-h' }, h('h2', { id: 'reg-h' }, t('registry.title')), registryAnswers(c)),
    documents,
    h('section', { class: 'card', 'aria-labelledby': 'fam-h' }, h('h2', { id: 'fam-h' }, t('family.members')), familyTable(c.family, meta.vocabulary)),
    c.commission ? h('section', { class: 'card' }, h('h2', {}, t('action.commission')),
      kv([[t('action.commission_kind'), t(`commission.${c.commission.kind}`)], [t('commission.sent_on'), formatDate(c.commission.sent_on)],
          [t('commission.concluded_on'), formatDate(c.commission.concluded_on)],
          [t('action.in_need'), c.commission.in_need === null ? '—' : t(c.commission.in_need ? 'commission.in_need' : 'commission.not_in_need')],
          [t('action.notes'), c.commission.notes || '—']])) : null,
    c.employment ? h('section', { class: 'card' }, h('h2', {}, t('action.employment')),
      kv([[t('action.recommendations'), c.employment.recommendations], [t('action.contract_number'), c.employment.contract_number || '—'],
          [t('commission.sent_on'), formatDate(c.employment.contract_signed_on)],
          [t('action.plan'), (c.employment.plan || []).map((m) => ((meta.vocabulary.measures || []).find((x) => x.id === m) || { name: m }).name).join('; ') || '—'],
          [t('action.job_seekers'), (c.employment.job_seekers || []).join(', ') || '—']])) : null,
    c.hearing ? h('section', { class: 'card' }, h('h2', {}, t('action.hearing')),
      kv([[t('hearing.notified_on'), formatDate(c.hearing.notified_on)], [t('action.decision_not_before'), formatDate(c.hearing.decision_not_before)],
          [t('hearing.grounds'), (c.hearing.grounds || []).join(', ')], [t('hearing.objection'), c.hearing.objection || '—'],
          [t('hearing.remarks'), c.hearing.remarks || '—']])) : null,
    c.written_query ? h('section', { class: 'card' }, h('h2', {}, t('action.written_query')),
      kv([[t('action.addressee'), c.written_query.addressee], [t('action.subject'), c.written_query.subject],
          [t('commission.sent_on'), formatDate(c.written_query.sent_on)], [t('query.answer_limit'), formatDate(c.written_query.answer_limit)],
          [t('query.answered_on'), formatDate(c.written_query.answered_on)]])) : null);
}

// ---- the complaints queue: open complaints with their deadlines (004 §45) ---------------

async function complaints(main) {
  loading(main);
  const list = (await get('/api/v1/complaints?open=true')).complaints;
  const due = (k) => (k.forwarded_on ? k.review_due : k.answer_due) || '';
  list.sort((a, b) => due(a).localeCompare(due(b)));
  fill(main, h('h1', {}, t('complaint.queue')),
    h('section', { class: 'card' }, complaintsTable(list, (k) => h('a', { href: `#/case/${encodeURIComponent(k.case_id)}` }, k.case_number || t('case.unregistered')))));
}

// ---- intake, journals, search ----------------------------------------------------------

async function intake(main) {
  loading(main);
  const f = await applicationForm({ staff: true, done: (c) => { location.hash = `#/case/${encodeURIComponent(c.id)}`; } });
  fill(main, h('h1', {}, t('intake.title')), f);
}

const JOURNALS = ['registration', 'portal', 'tsa'];
async function journal(main, params, kind = sessionStorage.getItem('komek.journal') || 'registration') {
  loading(main);
  const data = await get(`/api/v1/journal?kind=${encodeURIComponent(kind)}`);
  const choose = field({ name: 'kind', label: t('journal.kind'), value: kind, options: JOURNALS.map((k) => ({ value: k, label: t(`journal.${k}`) })) });
  choose.input.addEventListener('change', () => {
    sessionStorage.setItem('komek.journal', choose.input.value);
    journal(main, params, choose.input.value).then(() => main.querySelector('select[name=kind]').focus());
  });
  const money = new Set(['assigned_total_tenge']);
  const dates = new Set(['registered_on', 'decision_due', 'decision_date', 'social_contract_date', 'draft_decision_date',
    'sent_to_district_commission', 'district_commission_conclusion', 'sent_to_employment_commission', 'employment_recommendations', 'received_at']);
  fill(main, 
    h('h1', {}, t('journal.title')),
    h('div', { class: 'row' }, choose,
      h('a', { class: 'button secondary', href: `/api/v1/journal?kind=${encodeURIComponent(kind)}&format=csv`, download: `journal-${kind}.csv` }, t('journal.csv'))),
    table(data.columns.map((col) => ({
      label: t(`column.${col}`), num: money.has(col),
      cell: (r) => (col === 'number' ? r.number : money.has(col) && r[col] ? formatMoney(Math.round(Number(r[col]) * 100)) : dates.has(col) ? formatDate(r[col]) : (r[col] || '—')),
    })), data.rows, { caption: t(`journal.${kind}`) }));
}

async function search(main) {
  const iin = field({ name: 'iin', label: t('family.iin'), hint: t('search.iin_hint'), attrs: { inputmode: 'numeric', maxlength: 12, autocomplete: 'off' } });
  const name = field({ name: 'name', label: t('search.name') });
  const results = h('div', { 'aria-live': 'polite' });
  fill(main, 
    h('h1', {}, t('search.title')),
    form({ cls: 'card', fields: [h('div', { class: 'row' }, iin, name)], submit: t('search.submit'),
      send: (key) => post('/api/v1/cases/search', { iin: iin.input.value.trim() || undefined, name: name.input.value.trim() || undefined }, key),
      done: (found) => results.replaceChildren(h('h2', {}, t('search.found', { n: found.cases.length })), table([
        { label: t('case.number'), cell: caseLink },
        { label: t('case.applicant'), cell: (c) => c.applicant_name || '—' },
        { label: t('case.state'), cell: (c) => stateBadge(c.state) },
        { label: t('case.pack'), cell: (c) => c.pack },
        { label: t('case.registered_on'), cell: (c) => formatDate(c.registered_on) },
      ], found.cases, { caption: t('search.title') })) }),
    results);
  iin.input.focus();
}

export default {
  id: 'staff', title: 'queue.title', roles: STAFF,
  routes: { queue, 'case/:id': casePage, intake, journal, search, complaints },
  nav: [
    { href: '#/queue', label: 'nav.queue', roles: STAFF },
    { href: '#/complaints', label: 'complaint.queue', roles: STAFF },
    { href: '#/search', label: 'nav.search', roles: STAFF },
    { href: '#/journal', label: 'nav.journal', roles: STAFF },
  ],
};
