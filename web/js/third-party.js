// The third party's page (a bank, an employer…): asks whether a family receives TSA and sees
// the answer once the family consents. The consent routes come with the third-party consent
// module; until this server offers them the page says so.
import { t } from './i18n.js';
import { offers } from './api.js';
import { h, fill, loading } from './ui.js';

async function page(main) {
  loading(main);
  const ready = await offers('POST', '/api/v1/status-requests');
  fill(main, h('h1', {}, t('third.title')), h('div', { class: 'card' },
    h('p', {}, t('third.intro')),
    h('p', { class: ready ? 'notice-ok' : 'muted', role: 'status' }, t(ready ? 'third.ready' : 'third.not_yet'))));
}

export default {
  id: 'third-party', title: 'third.title', roles: ['third_party'],
  routes: { 'third-party': page },
  nav: [{ href: '#/third-party', label: 'third.title', roles: ['third_party'] }],
};
