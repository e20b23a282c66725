// The third party's page (a bank, an employer…): asks whether a family receives TSA (004
// §19-1) and sees the answer once the person consents in their cabinet or by SMS. The IIN
// goes in the POST body, never in a URL; the list shows it only back to the one who asked.
import { t } from './i18n.js';
import { get, post, offers } from './api.js';
import { h, fill, loading, field, form, table, badge } from './ui.js';
import { formatDate } from './format.js';

const when = (iso) => (iso ? `${formatDate(iso.slice(0, 10))} ${iso.slice(11, 16)}` : '—');

function answer(r) {
  if (!r.answer) return '—';
  const a = r.answer;
  return a.receives_tsa
    ? t('third.receives', { as_of: formatDate(a.as_of), until: a.until ? formatDate(a.until) : '—' })
    : t('third.not_receives', { as_of: formatDate(a.as_of) });
}

async function page(main) {
  loading(main);
  if (!(await offers('POST', '/api/v1/status-requests'))) {
    fill(main, h('h1', {}, t('third.title')), h('p', { class: 'muted', role: 'status' }, t('third.not_yet')));
    return;
  }
  const list = await get('/api/v1/status-requests');
  const iin = field({ name: 'subject_iin', label: t('family.iin'), required: true, hint: t('search.iin_hint'), attrs: { inputmode: 'numeric', maxlength: 12, autocomplete: 'off' } });
  const organisation = field({ name: 'organisation', label: t('third.organisation') });
  const purpose = field({ name: 'purpose', label: t('third.purpose') });
  fill(main,
    h('h1', {}, t('third.title')),
    h('p', {}, t('third.intro')),
    form({ cls: 'card', title: t('third.ask'), fields: [iin, h('div', { class: 'row' }, organisation, purpose)], submit: t('third.submit'),
      send: (key) => post('/api/v1/status-requests', { subject_iin: iin.input.value.trim(), organisation: organisation.input.value.trim() || undefined,
        purpose: purpose.input.value.trim() || undefined }, key),
      done: () => page(main).then(() => main.querySelector('h1').focus()) }),
    h('section', { class: 'card', 'aria-labelledby': 'req-h' }, h('h2', { id: 'req-h' }, t('third.requests')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => page(main) }, t('third.refresh'))),
      table([
        { label: t('family.iin'), cell: (r) => r.subject_iin },
        { label: t('third.purpose'), cell: (r) => r.purpose || '—' },
        { label: t('consent.requested_at'), cell: (r) => when(r.requested_at) },
        { label: t('consent.answer_due_by'), cell: (r) => when(r.answer_due_by) },
        { label: t('case.state'), cell: (r) => badge(t(`third.state.${r.state}`), r.state === 'confirmed' ? 'ok' : r.state === 'pending' ? 'info' : 'warn') },
        { label: t('third.answer'), cell: answer },
        { label: t('third.sms'), cell: (r) => (r.sms_delivery ? badge(t(`third.sms.${r.sms_delivery}`), r.sms_delivery === 'failed' ? 'warn' : 'info') : '—') },
      ], list, { caption: t('third.requests') })));
}

export default {
  id: 'third-party', title: 'third.title', roles: ['third_party'],
  routes: { 'third-party': page },
  nav: [{ href: '#/third-party', label: 'third.title', roles: ['third_party'] }],
};
