// The applicant's portal: apply for TSA or local assistance, follow the status, read the
// decision notice, object at a hearing, see the payments made. Sections of modules that land
// later (cabinet notices, complaints, consent requests, payments, who read my data) appear
// when the server offers their routes.
import { t } from './i18n.js';
import { get, post, offers } from './api.js';
import { h, fill, table, kv, stateBadge, loading, command, badge } from './ui.js';
import { formatDate, formatMoney } from './format.js';
import { assignmentCard, complaintsTable, complaintForm, localText } from './aftercare.js';
import { applicationForm } from './family-form.js';
import { explanation, decisionView, hearingForms, printable } from './staff.js';
import { documentsSection } from './documents.js';
import { personPaymentsTable, programmeTitles } from './finance.js';

async function home(main) {
  loading(main);
  const list = await get('/api/v1/cases');
  const sections = [
    h('h1', {}, t('portal.title')),
    h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/portal/apply' }, t('portal.apply'))),
    h('section', { class: 'card', 'aria-labelledby': 'mine-h' },
      h('h2', { id: 'mine-h' }, t('portal.my_applications')),
      table([
        { label: t('case.number'), cell: (c) => h('a', { href: `#/portal/case/${encodeURIComponent(c.id)}` }, c.number || t('case.unregistered')) },
        { label: t('case.pack'), cell: (c) => c.pack },
        { label: t('case.state'), cell: (c) => stateBadge(c.state) },
        { label: t('case.registered_on'), cell: (c) => formatDate(c.registered_on) },
        { label: t('case.decision_due'), cell: (c) => formatDate(c.decision_due) },
      ], list.cases, { caption: t('portal.my_applications') })),
  ];
  sections.push(...await cabinet(() => home(main)));
  fill(main, ...sections);
}

const enc = encodeURIComponent;
const when = (iso) => (iso ? `${formatDate(iso.slice(0, 10))} ${iso.slice(11, 16)}` : '—');
const section = (id, title, ...body) => h('section', { class: 'card', id, 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, title), body);

// The cabinet: notices, consent requests of third parties, proactive offers, assignments,
// payments, complaints and who read my data. A section whose route this server lacks is left out.
async function cabinet(reload) {
  const [hasNotices, hasConsent, hasOffers, hasAssign, hasComplaints, hasLog, hasPay] = await Promise.all([
    offers('GET', '/api/v1/cabinet/notices'), offers('GET', '/api/v1/me/status-requests'), offers('GET', '/api/v1/me/offers'),
    offers('GET', '/api/v1/assignments'), offers('GET', '/api/v1/complaints'), offers('GET', '/api/v1/me/access-log'),
    offers('GET', '/api/v1/payments/mine')]);
  const empty = () => h('p', { class: 'muted' }, t('common.none'));
  const [notices, requests, offered, assignments, complaints, paid] = await Promise.all([
    hasNotices ? get('/api/v1/cabinet/notices').then((d) => d.notices) : [],
    hasConsent ? get('/api/v1/me/status-requests') : [],
    hasOffers ? get('/api/v1/me/offers') : [],
    hasAssign ? get('/api/v1/assignments').then((d) => d.assignments) : [],
    hasComplaints ? get('/api/v1/complaints').then((d) => d.complaints) : [],
    hasPay ? myPayments() : null,
  ]);
  const out = [];
  if (hasNotices) {
    out.push(section('cab', t('portal.notices'), notices.length ? h('ul', { class: 'notices' }, notices.map((n) => h('li', { class: 'notice' },
      h('strong', {}, localText(n.title)), ' ', h('span', { class: 'muted' }, formatDate(n.delivered_on)),
      h('p', {}, localText(n.body)),
      n.due_on ? h('p', {}, t('notice.due', { due: formatDate(n.due_on) }), ' ', h('span', { class: 'cite' }, n.due_cites || '')) : null,
      n.case && n.form ? h('span', { class: 'row' }, ['kk', 'ru'].map((l) => h('a', { href: `/api/v1/cases/${enc(n.case)}/notice.pdf?lang=${l}`, download: `notice-${l}.pdf` },
        t('notice.print', { lang: l.toUpperCase() })))) : null))) : empty()));
  }
  if (hasConsent) {
    out.push(section('consent', t('consent.title'), requests.length ? table([
      { label: t('consent.asked_by'), cell: (r) => [r.asked_by.name || r.asked_by.login, r.asked_by.organisation ? ` (${r.asked_by.organisation})` : ''] },
      { label: t('consent.purpose'), cell: (r) => r.purpose || '—' },
      { label: t('consent.requested_at'), cell: (r) => when(r.requested_at) },
      { label: t('consent.answer_due_by'), cell: (r) => when(r.answer_due_by) },
      { label: t('case.state'), cell: (r) => (r.state === 'pending' ? h('div', { class: 'row' },
        command(t('consent.consent'), (key) => post(`/api/v1/me/status-requests/${enc(r.id)}/answer`, { consent: true }, key), reload),
        command(t('consent.refuse'), (key) => post(`/api/v1/me/status-requests/${enc(r.id)}/answer`, { consent: false }, key), reload, 'secondary'))
        : badge(t(`consent.state.${r.state}`), r.state === 'consented' ? 'ok' : 'info')) },
    ], requests, { caption: t('consent.title') }) : empty()));
  }
  if (hasOffers && offered.length) {
    out.push(section('offers', t('offer.title'), table([
      { label: t('offer.programmes'), cell: (o) => (o.programmes || []).map((p) => `${localText(p.title)}: ${formatMoney(p.amount_per_payment_tiyn)}`).join('; ') },
      { label: t('consent.requested_at'), cell: (o) => when(o.offered_at) },
      { label: t('consent.answer_due_by'), cell: (o) => when(o.expires_at) },
      { label: t('case.state'), cell: (o) => (o.state === 'offered' ? h('div', { class: 'row' },
        command(t('offer.accept'), (key) => post(`/api/v1/me/offers/${enc(o.id)}/answer`, { consent: true }, key), reload),
        command(t('offer.decline'), (key) => post(`/api/v1/me/offers/${enc(o.id)}/answer`, { consent: false }, key), reload, 'secondary'))
        : o.case_id ? h('a', { href: `#/portal/case/${enc(o.case_id)}` }, o.case_number || t('case.unregistered')) : badge(t(`offer.state.${o.state}`))) },
    ], offered, { caption: t('offer.title') })));
  }
  if (hasAssign && assignments.length) {
    out.push(section('asg', t('assign.title'), assignments.map((a) => assignmentCard(a, { recipient: true, reload }))));
  }
  if (paid && paid.orders.length) {
    // Each payment's case, through its assignment.
    const caseOf = new Map(assignments.map((a) => [a.id, a]));
    out.push(paymentsSection('pay', t('mypay.title'), paid, (o) => {
      const a = caseOf.get(o.assignment_id);
      return a && a.case_id ? h('a', { href: `#/portal/case/${enc(a.case_id)}` }, a.case_number || t('case.unregistered')) : '—';
    }));
  }
  if (hasComplaints) {
    out.push(section('cmp', t('complaint.title'), complaintsTable(complaints, (k) => h('a', { href: `#/portal/case/${enc(k.case_id)}` }, k.case_number || '—'))));
  }
  if (hasLog) {
    out.push(section('access', t('access.title'), h('p', {}, t('access.intro')),
      h('button', { type: 'button', class: 'secondary', onclick: async (event) => {
        const box = event.target.nextElementSibling;
        const log = await get('/api/v1/me/access-log');
        box.replaceChildren(table([
          { label: t('access.at'), cell: (e) => when(e.at) },
          { label: t('access.who'), cell: (e) => [e.actor_name || e.actor, e.actor_role ? ` (${t(`role.${e.actor_role}`)})` : ''] },
          { label: t('access.what'), cell: (e) => e.record },
          { label: t('access.route'), cell: (e) => h('code', {}, e.route) },
        ], log.entries, { caption: t('access.title') }));
        box.focus();
      } }, t('access.show')), h('div', { class: 'access-log', tabindex: '-1', 'aria-live': 'polite' })));
  }
  return out;
}

// My payments (GET /api/v1/payments/mine) with the programmes' titles.
async function myPayments() {
  const [r, titles] = await Promise.all([get('/api/v1/payments/mine'), programmeTitles()]);
  return { orders: r.orders || [], paid_tiyn: r.paid_tiyn, titles };
}

// The payments as the recipient reads them: what has been paid in all, and each payment with
// its month, amount, where it went and its status in words.
function paymentsSection(id, title, { orders, paid_tiyn: paidTotal, titles }, caseOf = null) {
  return section(id, title,
    kv([[t('mypay.paid_total'), h('span', { class: 'mypay-total' }, formatMoney(paidTotal))]]),
    personPaymentsTable(orders, { titles, words: 'mypay.status', caseOf, caption: title }));
}

// The payments of one granted case: those of its assignments.
async function casePayments(c) {
  if (c.state !== 'granted' || !(await offers('GET', '/api/v1/payments/mine'))) return null;
  const [paid, of] = await Promise.all([myPayments(), get(`/api/v1/assignments?case=${enc(c.id)}`).then((d) => d.assignments).catch(() => [])]);
  const ids = new Set(of.map((a) => a.id));
  const orders = paid.orders.filter((o) => ids.has(o.assignment_id));
  if (!orders.length) return section('case-pay', t('mypay.case_title'), h('p', { class: 'muted' }, t('mypay.none_yet')));
  const total = orders.filter((o) => o.status === 'posted').reduce((a, o) => a + BigInt(o.amount_tiyn), 0n);
  return paymentsSection('case-pay', t('mypay.case_title'), { orders, paid_tiyn: total.toString(), titles: paid.titles });
}

async function apply(main) {
  loading(main);
  const f = await applicationForm({ done: (c) => { location.hash = `#/portal/case/${encodeURIComponent(c.id)}`; } });
  fill(main, h('h1', {}, t('portal.apply')), h('p', {}, t('portal.apply_intro')), f);
}

// What the applicant sees of their case: where it is, what happens next and by when, the
// coupon, the decision as a notice with its reasons.
async function casePage(main, { id }, given) {
  if (!given) loading(main);
  const c = given || await get(`/api/v1/cases/${encodeURIComponent(id)}`);
  const rerender = (updated) => casePage(main, { id }, updated).then(() => main.querySelector('h1').focus());
  const coupon = c.number ? await get(`/api/v1/cases/${encodeURIComponent(c.id)}/coupon`).catch(() => null) : null;
  const receipt = c.state === 'refused_to_accept' ? await get(`/api/v1/cases/${encodeURIComponent(c.id)}/refusal-receipt`).catch(() => null) : null;
  const pdf = c.decision && await offers('GET', '/api/v1/cases/{id}/notice.pdf');
  const open = (c.deadlines || []).filter((d) => !d.done);
  const documents = await documentsSection(c);
  const payments = await casePayments(c);
  fill(main, 
    h('h1', { tabindex: '-1' }, t('portal.case_title', { number: c.number || t('case.unregistered') }), ' ', stateBadge(c.state)),
    h('p', { class: 'notice-ok', role: 'status' }, t(`portal.state_explained.${c.state}`)),
    coupon ? h('section', { class: 'card', 'aria-labelledby': 'coupon-h' }, h('h2', { id: 'coupon-h' }, t('portal.coupon')),
      kv([[t('case.number'), coupon.number], [t('case.registered_on'), formatDate(coupon.registered_on)], [t('case.received_at'), formatDate(coupon.received_at)],
          [t('case.channel'), t(`channel.${coupon.channel}`)], [t('case.decision_due'), formatDate(coupon.decision_due)],
          [t('queue.cites'), h('span', { class: 'cite' }, `${coupon.cites}${coupon.decision_due_cites ? `; ${coupon.decision_due_cites}` : ''}`)]])) : null,
    receipt ? h('section', { class: 'card' }, h('h2', {}, t('portal.receipt')),
      kv([[t('action.missing_documents'), (receipt.missing_documents || []).join(', ') || '—'], [t('action.reason'), receipt.reason || '—'],
          [t('queue.cites'), receipt.cites]])) : null,
    documents,
    decisionView(c),
    payments,
    c.decision ? h('div', { class: 'actions no-print' }, printable(c),
      pdf ? h('a', { class: 'button secondary', href: `/api/v1/cases/${encodeURIComponent(c.id)}/notice.pdf` }, t('portal.notice_pdf')) : null) : null,
    c.state === 'hearing' ? h('section', { class: 'card', 'aria-labelledby': 'hear-h' }, h('h2', { id: 'hear-h' }, t('action.hearing')),
      kv([[t('hearing.grounds'), (c.hearing.grounds || []).join(', ')], [t('action.decision_not_before'), formatDate(c.hearing.decision_not_before)]]),
      hearingForms(c, rerender)) : null,
    c.state !== 'submitted' ? complaintForm(c, () => { location.hash = '#/portal'; }) : null,
    await explanation(c),
    open.length ? h('section', { class: 'card' }, h('h2', {}, t('portal.next_steps')),
      table([{ label: t('queue.step'), cell: (d) => t(`step.${d.step}`) }, { label: t('queue.due'), cell: (d) => formatDate(d.due) },
             { label: t('queue.cites'), cell: (d) => h('span', { class: 'cite' }, d.cites) }], open)) : null,
    h('p', {}, h('a', { href: '#/portal' }, t('portal.back'))));
}

export default {
  id: 'portal', title: 'portal.title', roles: ['applicant'],
  routes: { portal: home, 'portal/apply': apply, 'portal/case/:id': casePage },
  nav: [{ href: '#/portal', label: 'nav.portal', roles: ['applicant'] }, { href: '#/portal/apply', label: 'portal.apply', roles: ['applicant'] }],
};
