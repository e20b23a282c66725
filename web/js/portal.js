// The applicant's portal: apply for TSA or local assistance, follow the status, read the
// decision notice, object at a hearing. Sections of modules that land later (cabinet
// notices, complaints, consent requests, who read my data) appear when the server offers
// their routes.
import { t } from './i18n.js';
import { get, offers } from './api.js';
import { h, fill, table, kv, stateBadge, loading } from './ui.js';
import { formatDate } from './format.js';
import { applicationForm } from './family-form.js';
import { explanation, decisionView, hearingForms, printable } from './staff.js';

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
  if (await offers('GET', '/api/v1/cabinet/notices')) {
    const notices = await get('/api/v1/cabinet/notices').catch(() => null);
    const items = notices && (notices.notices || notices.items || []);
    sections.push(h('section', { class: 'card', 'aria-labelledby': 'cab-h' }, h('h2', { id: 'cab-h' }, t('portal.notices')),
      items && items.length ? h('ul', {}, items.map((n) => h('li', {}, formatDate(n.created_at || n.on || n.date), ' — ', n.title || n.subject || n.kind || ''))) : h('p', { class: 'muted' }, t('common.none'))));
  }
  fill(main, ...sections);
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
    decisionView(c),
    c.decision ? h('div', { class: 'actions no-print' }, printable(c),
      pdf ? h('a', { class: 'button secondary', href: `/api/v1/cases/${encodeURIComponent(c.id)}/notice.pdf` }, t('portal.notice_pdf')) : null) : null,
    c.state === 'hearing' ? h('section', { class: 'card', 'aria-labelledby': 'hear-h' }, h('h2', { id: 'hear-h' }, t('action.hearing')),
      kv([[t('hearing.grounds'), (c.hearing.grounds || []).join(', ')], [t('action.decision_not_before'), formatDate(c.hearing.decision_not_before)]]),
      hearingForms(c, rerender)) : null,
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
