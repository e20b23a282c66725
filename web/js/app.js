// The single page: a hash router over the areas (one module per area), the language switch
// and the header. Areas of later modules (notices, complaints, consent, payments) add a file
// and a line in AREAS.
import { t, setLang, initialLang, lang } from './i18n.js';
import { del, whenSignedOut } from './api.js';
import { h, failure } from './ui.js';
import { user, setUser, home } from './session.js';
import login from './login.js';
import staff from './staff.js';
import portal from './portal.js';
import thirdParty from './third-party.js';
import dashboard from './dashboard.js';
import finance from './finance.js';
import outreach from './outreach.js';
import social from './social.js';
import statistics from './statistics.js';

// finance.js holds three areas (budgets, payments, holiday lists), outreach.js two (offers,
// the notification outbox), each with its own roles.
// social.js two more (special social services; assessing: writers only); statistics.js the
// statistics bureau's regional figures.
const AREAS = [login, staff, dashboard, portal, thirdParty, ...finance, ...outreach, ...social, statistics];

function routeOf(hash) {
  const parts = (hash || '').replace(/^#\/?/, '').split('/').filter(Boolean);
  for (const area of AREAS)
    for (const [pattern, render] of Object.entries(area.routes)) {
      const p = pattern.split('/').filter(Boolean);
      if (p.length !== parts.length) continue;
      const params = {};
      if (p.every((seg, i) => (seg.startsWith(':') ? ((params[seg.slice(1)] = decodeURIComponent(parts[i])), true) : seg === parts[i])))
        return { area, pattern, render, params };
    }
  return null;
}

function renderHeader(current) {
  const u = user();
  document.getElementById('brand-name').textContent = t('app.name');
  document.getElementById('lang-label').textContent = t('app.language');
  document.getElementById('skip-link').textContent = t('app.skip');
  document.getElementById('foot-text').textContent = t('app.footer');
  document.getElementById('lang-select').value = lang();
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('app.menu'));
  const items = [];
  for (const area of AREAS)
    for (const item of area.nav || [])
      if (u && item.roles.includes(u.role)) items.push(item);
  nav.replaceChildren(...items.map((item) => h('a', { href: item.href, 'aria-current': current && item.href === `#/${current}` ? 'page' : null }, t(item.label))));
  document.getElementById('who').textContent = u ? `${u.full_name || u.login} · ${t(`role.${u.role}`)}` : '';
  const out = document.getElementById('sign-out');
  out.hidden = !u;
  out.textContent = t('app.sign_out');
}

async function render() {
  const main = document.getElementById('main');
  const u = user();
  let route = routeOf(location.hash);
  if (!route || (!u && route.area !== login) || (u && route.area.roles && !route.area.roles.includes(u.role))) {
    const target = home(u);
    if (location.hash !== target) { location.hash = target; return; }
    route = routeOf(target);
  }
  renderHeader(route.pattern);
  document.title = `${t(route.area.title || 'app.name')} · ${t('app.name')}`;
  // Each rendering gets its own container: a page still loading when the person has moved
  // on writes into a detached element and cannot overwrite the page now shown.
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  try {
    await route.render(view, route.params);
  } catch (e) {
    failure(view, e);
  }
}

async function start() {
  await setLang(initialLang());
  whenSignedOut(() => { setUser(null); location.hash = '#/login'; });
  document.getElementById('lang-select').addEventListener('change', async (e) => {
    await setLang(e.target.value);
    await render();
    document.getElementById('lang-select').focus();
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    try { await del('/api/v1/sessions'); } catch { /* the session may already have ended */ }
    setUser(null);
    location.hash = '#/login';
  });
  window.addEventListener('hashchange', async () => {
    await render();
    document.getElementById('main').focus();
  });
  await render();
}

start();
