// After the decision, shared by the portal and the caseworker's case page: assignments with
// their payment schedule and the commands on them (001 §22), complaints with their deadlines
// and the answer / forward / review steps (004 §45). Every command is a form of ui.js, so it
// sends one Idempotency-Key per submission and shows the server's error next to its field.
import { t, lang } from './i18n.js';
import { get, post, offers } from './api.js';
import { h, field, form, table, kv, badge } from './ui.js';
import { formatDate, formatMonth, formatMoney, parseTenge } from './format.js';
import { user } from './session.js';

const enc = encodeURIComponent;
const OUTCOMES = ['granted', 'partly_granted', 'rejected'];
const AGAINST = ['decision', 'refusal_to_accept', 'action', 'inaction'];

// The rule packs as GET /api/v1/packs gives them in the page's language: each pack's
// termination grounds (001 §22: title, clause, when payment stops, the programmes that list
// it). Loaded once per language and shared by every assignment card; a failed load is
// forgotten so that the next card asks again.
let packsLoad = null;
export function rulePacks() {
  if (!packsLoad || packsLoad.lang !== lang()) {
    const promise = get('/api/v1/packs').catch((e) => { packsLoad = null; throw e; });
    packsLoad = { lang: lang(), promise };
  }
  return packsLoad.promise;
}

// The grounds on which this assignment's programme ends, in the pack's order.
async function groundsOf(a) {
  const packs = await rulePacks();
  const pack = (packs.packs || []).find((p) => p.id === a.pack);
  return ((pack && pack.termination_grounds) || []).filter((g) => (g.programmes || []).includes(a.programme));
}

// A ground's name from its pack (the id while the packs load, or if the pack no longer has it).
function groundName(a, id) {
  const el = h('span', { 'data-ground': id }, id);
  rulePacks().then((packs) => {
    const pack = (packs.packs || []).find((p) => p.id === a.pack);
    const g = pack && (pack.termination_grounds || []).find((x) => x.id === id);
    if (g) el.textContent = g.title;
  }).catch(() => { /* the id stays */ });
  return el;
}

// The termination form (officer) or the report of an event (recipient): the grounds the
// pack gives for the programme, each with its clause shown under the list. The form appears
// once the grounds are known; a programme without grounds (a single payment) has none.
function terminationForm(a, { recipient, reload }) {
  const slot = h('div', { class: 'termination-slot' });
  groundsOf(a).then((grounds) => {
    if (!grounds.length) return;
    const ground = field({ name: 'ground', label: t('assign.ground'), required: true, hint: grounds[0].cites,
      options: grounds.map((g) => ({ value: g.id, label: g.title })) });
    const hint = ground.querySelector('.hint');
    const explain = () => {
      const g = grounds.find((x) => x.id === ground.input.value);
      hint.textContent = g ? `${g.cites} · ${t(`assign.stops.${g.stops}`)}` : '';
    };
    ground.input.addEventListener('change', explain);
    explain();
    const on = field({ name: 'event_on', label: t('assign.event_on'), type: 'date', required: true });
    slot.replaceChildren(form({ title: t(recipient ? 'assign.report_event' : 'assign.terminate'), fields: [ground, on], submit: t('action.send'),
      send: (key) => post(`/api/v1/assignments/${enc(a.id)}/termination`, { ground: ground.input.value, event_on: on.input.value }, key), done: reload }));
  }).catch((e) => {
    slot.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, e && e.message ? e.message : t('error.network')));
  });
  return slot;
}

function scheduleTable(a) {
  return table([
    { label: t('assign.month'), cell: (p) => formatMonth(p.month) },
    { label: t('assign.amount'), num: true, cell: (p) => formatMoney(p.amount_tiyn) },
  ], a.schedule || [], { caption: t('assign.schedule') });
}

// One assignment: its terms, schedule and — for officers — the commands; for the recipient,
// the report of an event that ends the right (10 working days, 001 §22).
export function assignmentCard(a, { officer = false, recipient = false, reload }) {
  const id = enc(a.id);
  const forms = [];
  const active = a.status !== 'terminated';
  if (officer && active) {
    const from = field({ name: 'from', label: t('assign.from_month'), type: 'month', required: true });
    const amount = field({ name: 'amount', label: t('assign.new_amount'), required: true, attrs: { inputmode: 'decimal' } });
    const reason = field({ name: 'reason', label: t('action.reason'), required: true });
    forms.push(form({ title: t('assign.change_amount'), fields: [h('div', { class: 'row' }, from, amount), reason], submit: t('action.send'),
      send: (key) => post(`/api/v1/assignments/${id}/amount`, { from: from.input.value.trim(), amount: parseTenge(amount.input.value) ?? amount.input.value, reason: reason.input.value }, key),
      done: reload }));
    if (a.status === 'suspended') {
      const on = field({ name: 'on', label: t('assign.on'), type: 'date', required: true });
      const repay = field({ name: 'repay', label: t('assign.repay'), type: 'checkbox', inline: true });
      forms.push(form({ title: t('assign.resume'), fields: [on, repay], submit: t('action.send'),
        send: (key) => post(`/api/v1/assignments/${id}/resume`, { on: on.input.value, repay: repay.input.checked }, key), done: reload }));
    } else {
      const sfrom = field({ name: 'from', label: t('assign.on'), type: 'date', required: true });
      const sreason = field({ name: 'reason', label: t('action.reason'), required: true });
      forms.push(form({ title: t('assign.suspend'), fields: [sfrom, sreason], submit: t('action.send'),
        send: (key) => post(`/api/v1/assignments/${id}/suspend`, { from: sfrom.input.value, reason: sreason.input.value }, key), done: reload }));
    }
  }
  if ((officer || recipient) && active) forms.push(terminationForm(a, { recipient, reload }));
  const term = a.termination;
  return h('section', { class: 'card assignment', 'aria-label': t('assign.title_of', { programme: a.programme }) },
    h('h3', {}, t('assign.title_of', { programme: a.programme }), ' ', badge(t(`assign.status.${a.status}`), a.status === 'active' ? 'ok' : 'warn')),
    kv([[t('case.number'), a.case_number || '—'], [t('assign.period'), `${formatDate(a.period_from)} — ${formatDate(a.period_to)}`],
        [t('assign.amount'), formatMoney(a.amount_tiyn)], [t('assign.total_due'), formatMoney(a.total_due_tiyn)],
        [t('queue.cites'), h('span', { class: 'cite' }, a.cites)],
        term ? [t('assign.terminated'), h('span', { class: 'termination' }, groundName(a, term.ground),
          `: ${formatDate(term.event_on)}; ${t('assign.payment_stops')} ${formatDate(term.payment_stops)} `, h('span', { class: 'cite' }, term.cites))] : null]),
    h('h4', {}, t('assign.schedule')), scheduleTable(a), history(a), forms);
}

// What officers did to the assignment: amount changes and holds (001 §22), oldest first.
function history(a) {
  const changes = a.changes || [];
  const holds = a.suspensions || [];
  if (!changes.length && !holds.length) return null;
  return h('div', { class: 'assignment-history' },
    changes.length ? [h('h4', {}, t('assign.changes')), table([
      { label: t('assign.from_month'), cell: (c) => formatMonth(c.from) },
      { label: t('assign.new_amount'), num: true, cell: (c) => formatMoney(c.amount_tiyn) },
      { label: t('action.reason'), cell: (c) => c.reason },
      { label: t('assign.decided_on'), cell: (c) => formatDate(c.decided_on) },
    ], changes, { caption: t('assign.changes') })] : null,
    holds.length ? [h('h4', {}, t('assign.suspensions')), table([
      { label: t('assign.held_from'), cell: (x) => formatDate(x.from) },
      { label: t('assign.held_to'), cell: (x) => (x.to ? formatDate(x.to) : t('assign.held_open')) },
      { label: t('action.reason'), cell: (x) => x.reason },
      { label: t('assign.repay'), cell: (x) => (x.to ? t(x.repay ? 'common.yes' : 'common.no') : '—') },
    ], holds, { caption: t('assign.suspensions') })] : null);
}

export function complaintsTable(list, caseLink) {
  return table([
    { label: t('case.number'), cell: (k) => (caseLink ? caseLink(k) : k.case_number || '—') },
    { label: t('complaint.against'), cell: (k) => t(`complaint.against.${k.against}`) },
    { label: t('case.state'), cell: (k) => badge(t(`complaint.state.${k.state}`), k.state === 'registered' || k.state === 'forwarded' ? 'warn' : 'info') },
    { label: t('complaint.received_on'), cell: (k) => formatDate(k.received_on) },
    { label: t('complaint.answer_due'), cell: (k) => formatDate(k.answer_due) },
    { label: t('complaint.answer'), cell: (k) => (k.answer ? `${t(`complaint.outcome.${k.answer.outcome}`)}: ${k.answer.reasons || ''}` : '—') },
  ], list, { caption: t('complaint.title') });
}

// The officer's steps on one complaint: the answer, forwarding to the reviewing body, and
// recording that body's answer.
export function complaintForms(k, reload) {
  const id = enc(k.id);
  const out = [];
  const outcome = () => field({ name: 'outcome', label: t('complaint.outcome'), required: true, options: OUTCOMES.map((o) => ({ value: o, label: t(`complaint.outcome.${o}`) })) });
  if (!k.answer && !k.forwarded_on) {
    const o = outcome();
    const reasons = field({ name: 'reasons', label: t('complaint.reasons'), type: 'textarea', required: true });
    out.push(form({ title: t('complaint.answer_title', { due: formatDate(k.answer_due) }), fields: [o, reasons], submit: t('action.send'),
      send: (key) => post(`/api/v1/complaints/${id}/answer`, { outcome: o.input.value, reasons: reasons.input.value }, key), done: reload }));
    const body = field({ name: 'reviewing_body', label: t('complaint.reviewing_body'), required: true });
    out.push(form({ title: t('complaint.forward_title', { due: formatDate(k.forward_due) }), fields: [body], submit: t('action.send'),
      send: (key) => post(`/api/v1/complaints/${id}/forward`, { reviewing_body: body.input.value }, key), done: reload }));
  }
  if (k.forwarded_on && !k.review) {
    const o = outcome();
    const reasons = field({ name: 'reasons', label: t('complaint.reasons'), type: 'textarea', required: true });
    out.push(form({ title: t('complaint.review_title', { due: formatDate(k.review_due) }), fields: [o, reasons], submit: t('action.send'),
      send: (key) => post(`/api/v1/complaints/${id}/review`, { outcome: o.input.value, reasons: reasons.input.value }, key), done: reload }));
  }
  return out;
}

// The applicant's complaint on their own case (the portal's channel is implied).
export function complaintForm(c, done) {
  const against = field({ name: 'against', label: t('complaint.against'), required: true,
    value: c.decision ? 'decision' : c.state === 'refused_to_accept' ? 'refusal_to_accept' : 'action',
    options: AGAINST.map((a) => ({ value: a, label: t(`complaint.against.${a}`) })) });
  const employee = field({ name: 'employee', label: t('complaint.employee') });
  const text = field({ name: 'text', label: t('complaint.text'), type: 'textarea', required: true });
  return form({ cls: 'card', title: t('complaint.file'), fields: [against, employee, text], submit: t('complaint.submit'),
    send: (key) => post(`/api/v1/cases/${enc(c.id)}/complaints`, { against: against.input.value, employee: employee.input.value.trim() || undefined, text: text.input.value }, key),
    done });
}

// The printed notice (forms 5/6) in Kazakh or Russian: the languages of the state forms.
export async function noticeLinks(caseId) {
  if (!(await offers('GET', '/api/v1/cases/{id}/notice.pdf'))) return null;
  return h('span', { class: 'row' }, ['kk', 'ru'].map((l) =>
    h('a', { class: 'button secondary', href: `/api/v1/cases/${enc(caseId)}/notice.pdf?lang=${l}`, download: `notice-${l}.pdf` }, t('notice.print', { lang: l.toUpperCase() }))));
}

// The officer's part of the case page: assignments and complaints of this case.
export async function caseAftercare(c, rerender) {
  const id = enc(c.id);
  const [assignments, complaints, pdf] = await Promise.all([
    get(`/api/v1/assignments?case=${id}`).then((d) => d.assignments).catch(() => []),
    get(`/api/v1/complaints?case=${id}`).then((d) => d.complaints).catch(() => []),
    c.decision ? noticeLinks(c.id) : null,
  ]);
  const officer = (user() || {}).role === 'officer';
  const reload = () => rerender();
  return [
    pdf ? h('div', { class: 'actions no-print' }, pdf) : null,
    assignments.length ? h('section', { class: 'card', 'aria-labelledby': 'asg-h' }, h('h2', { id: 'asg-h' }, t('assign.title')),
      assignments.map((a) => assignmentCard(a, { officer, reload }))) : null,
    h('section', { class: 'card', 'aria-labelledby': 'cmp-h' }, h('h2', { id: 'cmp-h' }, t('complaint.title')),
      complaintsTable(complaints),
      officer ? complaints.map((k) => h('div', { class: 'complaint-steps', 'data-complaint': k.id }, h('p', {}, k.text), complaintForms(k, reload))) : null),
  ];
}

export function localText(texts) { return texts ? (texts[lang()] || texts.en || '') : ''; }
