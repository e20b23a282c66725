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
// The termination grounds of the packs (rules/packs/*.yaml termination_grounds).
const GROUNDS = ['death', 'moved_out', 'unreliable_information', 'refused_employment_measures'];
const OUTCOMES = ['granted', 'partly_granted', 'rejected'];
const AGAINST = ['decision', 'refusal_to_accept', 'action', 'inaction'];

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
    const from = field({ name: 'from', label: t('assign.from_month'), hint: 'yyyy-mm', required: true, attrs: { inputmode: 'numeric', maxlength: 7 } });
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
  if ((officer || recipient) && active) {
    const ground = field({ name: 'ground', label: t('assign.ground'), required: true, options: GROUNDS.map((g) => ({ value: g, label: t(`ground.${g}`) })) });
    const on = field({ name: 'event_on', label: t('assign.event_on'), type: 'date', required: true });
    forms.push(form({ title: t(recipient ? 'assign.report_event' : 'assign.terminate'), fields: [ground, on], submit: t('action.send'),
      send: (key) => post(`/api/v1/assignments/${id}/termination`, { ground: ground.input.value, event_on: on.input.value }, key), done: reload }));
  }
  const term = a.termination;
  return h('section', { class: 'card assignment', 'aria-label': t('assign.title_of', { programme: a.programme }) },
    h('h3', {}, t('assign.title_of', { programme: a.programme }), ' ', badge(t(`assign.status.${a.status}`), a.status === 'active' ? 'ok' : 'warn')),
    kv([[t('case.number'), a.case_number || '—'], [t('assign.period'), `${formatDate(a.period_from)} — ${formatDate(a.period_to)}`],
        [t('assign.amount'), formatMoney(a.amount_tiyn)], [t('assign.total_due'), formatMoney(a.total_due_tiyn)],
        [t('queue.cites'), h('span', { class: 'cite' }, a.cites)],
        term ? [t('assign.terminated'), `${t(`ground.${term.ground}`)}: ${formatDate(term.event_on)}; ${t('assign.payment_stops')} ${formatDate(term.payment_stops)}`] : null]),
    h('h4', {}, t('assign.schedule')), scheduleTable(a), forms);
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
