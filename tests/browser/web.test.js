// Komek's web interface in a real browser: Debian's Chromium, headless, driven by
// playwright-core against a `komek serve` this test starts on a fresh database with a test
// clock. A whole TSA case from the applicant's application on the portal to the officer's
// decision and the applicant reading it, in Kazakh, Russian and English; the server's
// message next to the field it names; a double click making one application; screenshots.
//
//   KOMEK_BINARY=build-web/komek node --test tests/browser/
// Environment: KOMEK_BINARY (required), KOMEK_WEB_DIR (default: the checkout's web/),
// KOMEK_SCREENSHOTS (default: <binary's folder>/browser-screenshots), CHROMIUM (default
// /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKomek, messages, iinFor, money, password, localDate } from './support.js';

const APPLICANTS = { kk: iinFor('900101', 3008), ru: iinFor('880505', 1200), en: iinFor('850315', 4400) };

let k;
before(async () => {
  k = await startKomek({
    clock: '2026-02-10T10:00',
    users: [
      { login: 'officer15', role: 'officer', territory: '15', name: 'Айгерім Сәрсенова' },
      ...Object.entries(APPLICANTS).map(([l, iin]) => ({ login: `citizen-${l}`, role: 'applicant', iin, name: `Азамат ${l.toUpperCase()}` })),
      { login: 'citizen-x', role: 'applicant', iin: iinFor('920202', 5100), name: 'Қосалқы Тұлға' },
      { login: 'bank1', role: 'third_party', iin: iinFor('770707', 2100), name: 'Әсел Банкова' },
    ],
  });
});
after(async () => { if (k) await k.stop(); });

const newPage = (l, viewport) => k.newPage(l, viewport);
const signIn = (page, l, login) => k.signIn(page, l, login);
const shot = (page, name) => k.shot(page, name);
const stateShown = (page, l, state) => k.stateShown(page, l, state);
const press = (page, label) => k.press(page, label);

async function fillApplication(page, l, iin) {
  const m = messages[l];
  await page.getByRole('link', { name: m['portal.apply'] }).first().click();
  await page.waitForSelector('form.application select[name=pack]').catch(async (e) => {
    await shot(page, `failed-${l}-apply-form`);
    throw new Error(`no application form: ${await page.textContent('main')} (${e.message.split('\n')[0]})`);
  });
  await page.selectOption('select[name=pack]', 'kz-tsa');
  await page.getByLabel(m['family.territory']).fill('151010000');
  await page.getByLabel(m['apply.applicant_name']).fill('Сәуле Жақсыбекова');
  await page.fill('input[name="family.members[0].iin"]', iin);
  // Dates and months are typed as the pages print them: dd.mm.yyyy, mm.yyyy.
  await page.fill('input[name="family.members[0].birth_date"]', localDate(`19${iin.slice(0, 2)}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`));
  for (const [i, month] of ['10.2025', '11.2025', '12.2025'].entries()) {
    await page.getByRole('button', { name: m['family.add_income'] }).click();
    await page.selectOption(`select[name="family.members[0].incomes[${i}].type"]`, 'wages');
    await page.fill(`input[name="family.members[0].incomes[${i}].month"]`, month);
    await page.fill(`input[name="family.members[0].incomes[${i}].amount"]`, '60000,00');
  }
  await page.getByRole('button', { name: m['family.add_member'] }).click();
  await page.selectOption('select[name="family.members[1].relation"]', 'spouse');
  await page.fill('input[name="family.members[1].birth_date"]', localDate('1992-03-01'));
  await page.selectOption('select[name="family.members[1].sex"]', 'female');
  await page.getByRole('button', { name: m['family.add_member'] }).click();
  await page.selectOption('select[name="family.members[2].relation"]', 'child');
  await page.fill('input[name="family.members[2].birth_date"]', localDate('2022-06-15'));
}

for (const l of ['kk', 'ru', 'en']) {
  test(`a TSA case from the portal to the decision, in ${l}`, async () => {
    const m = messages[l];
    // The applicant applies on the portal.
    const applicant = await newPage(l);
    assert.equal(await applicant.title(), `${m['login.title']} · ${m['app.name']}`);
    await shot(applicant, `${l}-01-sign-in`);
    await signIn(applicant, l, `citizen-${l}`);
    await fillApplication(applicant, l, APPLICANTS[l]);
    await shot(applicant, `${l}-02-portal-apply`);
    await applicant.getByRole('button', { name: m['apply.submit'] }).click();
    await stateShown(applicant, l, 'registered');
    const caseUrl = applicant.url();
    assert.match(await applicant.textContent('main'), new RegExp(m['portal.coupon']));
    assert.ok(!caseUrl.includes(APPLICANTS[l]), 'no IIN in the URL');
    await shot(applicant, `${l}-03-portal-registered`);

    // The officer carries it through the workflow to the decision.
    const officer = await newPage(l);
    await signIn(officer, l, 'officer15');
    await officer.waitForSelector('h1');
    assert.equal(await officer.textContent('h1'), m['queue.title']);
    await shot(officer, `${l}-04-queue`);
    const number = (await applicant.textContent('h1')).match(/\d{2,4}-\d{4}-\d{6}/)[0];
    await officer.getByRole('link', { name: number }).first().click();
    await stateShown(officer, l, 'registered');
    await press(officer, m['action.registry']);
    await officer.waitForFunction((t) => !document.querySelector('h1 .badge').textContent.includes(t), m['state.registered']);
    if ((await officer.textContent('h1 .badge')) === m['state.awaiting_documents']) await press(officer, m['action.documents_received']);
    await stateShown(officer, l, 'at_commission');
    await press(officer, m['action.refer']);
    await officer.waitForSelector('select[name=in_need]');
    await officer.getByLabel(m['action.notes']).fill('Отбасы мұқтаж — тексерілді');
    await press(officer, m['action.record']);
    await stateShown(officer, l, 'employment_measures');
    await officer.getByLabel(m['action.recommendations']).fill('vocational training');
    await officer.getByLabel(m['action.contract_number']).fill(`SC-15-${l}`);
    await officer.getByLabel(m['action.plan']).fill('alm_vocational_training, sa_phc_registration');
    await press(officer, m['action.record']);
    // The server asks for the able-bodied members as job seekers (a rule of the workflow,
    // naming no single field: shown at the top of the form, in the page's language).
    const seekersError = officer.locator('form:has([name=job_seekers]) .form-error');
    await seekersError.waitFor({ state: 'visible' });
    assert.ok((await seekersError.textContent()).length > 10);
    await officer.getByLabel(m['action.job_seekers']).fill(APPLICANTS[l]);
    await press(officer, m['action.record']);
    await stateShown(officer, l, 'ready_for_decision');
    // The rule engine's explanation, in the page's language, with its clauses.
    await officer.waitForSelector('#why-h');
    assert.ok((await officer.locator('ol.trace li').count()) > 3);
    await shot(officer, `${l}-05-case-ready`);
    await press(officer, m['action.decide']);
    await stateShown(officer, l, 'granted');
    // (37,060 − 180,000 / 3 / 3) × 3 = 51,180.00 a month (as in the API test).
    assert.ok((await officer.textContent('#decision-h')).includes(m['decision.granted']));
    assert.ok((await officer.textContent('main')).includes(money(l, 5118000)));
    await shot(officer, `${l}-06-case-granted`);

    // The applicant reads the outcome.
    await applicant.reload();
    await stateShown(applicant, l, 'granted');
    assert.ok((await applicant.textContent('main')).includes(m['portal.state_explained.granted']));
    assert.ok((await applicant.textContent('main')).includes(money(l, 5118000)));
    await shot(applicant, `${l}-07-portal-granted`);
    assert.deepEqual(applicant.problems, []);
    assert.deepEqual(officer.problems, []);
    await applicant.context().close();
    await officer.context().close();
  });
}

test('bad input: the server message is shown next to the field it names, and nothing is created', async () => {
  const page = await newPage('ru');
  await signIn(page, 'ru', 'citizen-x');
  const iin = iinFor('920202', 5100);
  await fillApplication(page, 'ru', `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`);
  await page.getByRole('button', { name: messages.ru['apply.submit'] }).click();
  const error = page.locator('[data-error-for="family.members[0].iin"]');
  await error.waitFor({ state: 'visible' });
  assert.equal(await error.textContent(), 'Контрольная цифра ИИН не сходится');
  assert.equal(await page.getAttribute('input[name="family.members[0].iin"]', 'aria-invalid'), 'true');
  const list = await page.evaluate(() => fetch('/api/v1/cases').then((r) => r.json()));
  assert.equal(list.cases.length, 0);
  await shot(page, 'ru-08-bad-input');
  await page.context().close();
});

test('a double click on submit makes one application', async () => {
  const page = await newPage('en');
  await signIn(page, 'en', 'citizen-x');
  await fillApplication(page, 'en', iinFor('920202', 5100));
  await page.getByRole('button', { name: messages.en['apply.submit'] }).dblclick();
  await stateShown(page, 'en', 'registered');
  const list = await page.evaluate(() => fetch('/api/v1/cases').then((r) => r.json()));
  assert.equal(list.cases.length, 1);
  await page.context().close();
});

test('staff pages: dashboard with charts, journal, search by IIN in the body; a phone-sized screen', async () => {
  const page = await newPage('kk');
  await signIn(page, 'kk', 'officer15');
  const m = messages.kk;
  await page.getByRole('link', { name: m['nav.dashboard'] }).click();
  await page.waitForSelector('svg.chart');
  assert.ok((await page.locator('svg.chart').count()) >= 4);
  assert.ok((await page.textContent('main')).includes(money('kk', 3 * 12533500)), 'three TSA decisions assigned');
  await shot(page, 'kk-09-dashboard');
  await page.getByRole('link', { name: m['nav.journal'] }).click();
  await page.selectOption('select[name=kind]', 'tsa');
  // Every registered kz-tsa case: three decided, one from the double-click test.
  await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 4);
  assert.equal(await page.locator('tbody tr', { hasText: 'conditional' }).count(), 3);
  const csv = await page.getAttribute('a[download]', 'href');
  const text = await page.evaluate((href) => fetch(href).then((r) => r.text()), csv);
  assert.ok(text.startsWith('number,registered_on,applicant_iin'));
  await shot(page, 'kk-10-journal');
  await page.getByRole('link', { name: m['nav.search'] }).click();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.getByLabel(m['family.iin']).fill(APPLICANTS.ru);
  await page.getByRole('button', { name: m['search.submit'] }).click();
  await page.waitForSelector('main h2');
  assert.equal(await page.textContent('main h2'), m['search.found'].replace('{n}', '1'));
  assert.ok(requests.every((u) => !u.includes(APPLICANTS.ru)), 'no IIN in any URL');
  await shot(page, 'kk-11-search');
  // Keyboard: the language switch is reachable and the focus is visible.
  await page.keyboard.press('Tab');
  await page.context().close();

  const phone = await newPage('kk', { width: 390, height: 844 });
  await signIn(phone, 'kk', `citizen-kk`);
  await phone.getByRole('link').filter({ hasText: /\d{4}-\d{6}/ }).first().click();
  await stateShown(phone, 'kk', 'granted');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
  await shot(phone, 'kk-12-phone-portal');
  await phone.context().close();
});

// After the decision (issue 8 items 1-3): the cabinet's notice with its printed form, a
// complaint filed by the applicant and answered by the officer, the access log; a third
// party's request answered in the subject's cabinet. Runs on the cases the first tests granted.
test('the applicant reads a notice, complains, the officer answers, and the applicant sees who read their data', async () => {
  const m = messages.ru;
  const applicant = await newPage('ru');
  await signIn(applicant, 'ru', 'citizen-kk');
  // The decision's notice reaches the cabinet through the dispatcher (every 300 ms here).
  for (let i = 0; i < 40 && (await applicant.locator('#cab li.notice').count()) === 0; ++i) {
    await applicant.waitForTimeout(250);
    await applicant.reload();
    await applicant.waitForSelector('#main h1');
    await applicant.waitForLoadState('networkidle');
  }
  const notice = applicant.locator('#cab li.notice').first();
  assert.ok((await notice.textContent()).length > 20);
  const pdf = await notice.locator('a[href*="notice.pdf"]').first().getAttribute('href');
  assert.match(pdf, /^\/api\/v1\/cases\/[0-9a-f]+\/notice\.pdf\?lang=kk$/);
  const printed = await applicant.evaluate((href) => fetch(href).then((r) => r.status + ' ' + r.headers.get('content-type')), pdf);
  assert.equal(printed, '200 application/pdf');
  await shot(applicant, 'ru-13-cabinet');

  // A complaint on the decision from the case page.
  await applicant.getByRole('link').filter({ hasText: /\d{4}-\d{6}/ }).first().click();
  await stateShown(applicant, 'ru', 'granted');
  await applicant.getByLabel(m['complaint.text']).fill('Прошу пересмотреть размер помощи: учтены не все дети.');
  await shot(applicant, 'ru-14-complaint-form');
  await applicant.getByRole('button', { name: m['complaint.submit'] }).click();
  await applicant.waitForSelector('#cmp tbody tr');
  assert.ok((await applicant.textContent('#cmp')).includes(m['complaint.state.registered']));

  // The officer finds it in the complaints queue and answers on the case page.
  const officer = await newPage('ru');
  await signIn(officer, 'ru', 'officer15');
  await officer.getByRole('link', { name: m['complaint.queue'] }).click();
  await officer.waitForSelector('main tbody tr a');
  await shot(officer, 'ru-15-complaints-queue');
  await officer.locator('main tbody tr a').first().click();
  const steps = officer.locator('.complaint-steps form').first();
  await steps.waitFor();
  await steps.locator('select[name=outcome]').selectOption('rejected');
  await steps.getByLabel(m['complaint.reasons']).fill('Размер рассчитан по всем членам семьи, 001 §15.');
  await shot(officer, 'ru-16-case-complaint');
  await steps.getByRole('button', { name: m['action.send'] }).click();
  await officer.waitForFunction((text) => document.querySelector('#cmp-h') && document.querySelector('#cmp-h').parentElement.textContent.includes(text),
    'Размер рассчитан по всем членам семьи');
  // The print link of the notice on the case page.
  assert.ok(await officer.locator('a[href$="notice.pdf?lang=ru"]').count() >= 1);

  // The applicant sees the answer and who read their data.
  await applicant.reload();
  await applicant.waitForSelector('#access button');
  await applicant.waitForLoadState('networkidle');
  assert.ok((await applicant.textContent('#cmp')).includes('Размер рассчитан по всем членам семьи'));
  await applicant.getByRole('button', { name: m['access.show'] }).click();
  await applicant.waitForSelector('#access tbody tr');
  const log = await applicant.textContent('#access');
  assert.ok(log.includes('Айгерім Сәрсенова'), 'the officer who read the case');
  assert.ok(log.includes(m['role.officer']));
  assert.ok(log.includes('GET /api/v1/me/access-log'), 'reading the log is logged');
  await shot(applicant, 'ru-17-access-log');
  assert.deepEqual(applicant.problems, []);
  assert.deepEqual(officer.problems, []);
  await applicant.context().close();
  await officer.context().close();
});

test('a third party asks, the subject consents in the cabinet, the third party sees the answer', async () => {
  const m = messages.kk;
  const bank = await newPage('kk');
  const urls = [];
  bank.on('request', (r) => urls.push(r.url()));
  await signIn(bank, 'kk', 'bank1');
  await bank.waitForSelector('input[name=subject_iin]');
  await bank.getByLabel(m['family.iin']).fill(APPLICANTS.en);
  await bank.getByLabel(m['third.organisation']).fill('Acme Bank');
  await bank.getByLabel(m['third.purpose']).fill('Несие');
  await bank.getByRole('button', { name: m['third.submit'] }).click();
  await bank.waitForFunction((text) => document.querySelector('main tbody') && document.querySelector('main tbody').textContent.includes(text), m['third.state.pending']);
  assert.ok(urls.every((u) => !u.includes(APPLICANTS.en)), 'no IIN in any URL');
  await shot(bank, 'kk-18-third-party-asked');

  const subject = await newPage('en');
  await signIn(subject, 'en', 'citizen-en');
  await subject.waitForSelector('#consent tbody tr');
  const asked = await subject.textContent('#consent');
  assert.ok(asked.includes('Әсел Банкова') && asked.includes('Acme Bank'), 'who asked');
  await shot(subject, 'en-19-cabinet-consent');
  await press(subject, messages.en['consent.consent']);
  await subject.waitForFunction((text) => document.querySelector('#consent') && document.querySelector('#consent').textContent.includes(text),
    messages.en['consent.state.consented']);

  await bank.getByRole('button', { name: m['third.refresh'] }).click();
  await bank.waitForFunction((text) => document.querySelector('main tbody') && document.querySelector('main tbody').textContent.includes(text),
    m['third.state.confirmed']);
  assert.ok((await bank.textContent('main tbody')).includes(m['third.receives'].split(' ')[0]));
  await shot(bank, 'kk-20-third-party-answer');
  assert.deepEqual(bank.problems, []);
  assert.deepEqual(subject.problems, []);
  await bank.context().close();
  await subject.context().close();
});

test('security headers, the session cookie, static files and no path traversal', async () => {
  const res = await fetch(`${k.base}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.ok(!csp.includes('unsafe-inline'));
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match((await fetch(`${k.base}/js/app.js`)).headers.get('content-type'), /^text\/javascript/);
  assert.match((await fetch(`${k.base}/app.css`)).headers.get('content-type'), /^text\/css/);
  assert.equal((await fetch(`${k.base}/i18n/kk.json`)).status, 200);
  for (const bad of ['/js/..%2fapp.css', '/..%2f..%2fetc%2fpasswd', '/js/.hidden.js', '/i18n/x.exe'])
    assert.ok([400, 404].includes((await fetch(`${k.base}${bad}`)).status), bad);
  assert.equal((await fetch(`${k.base}/js/missing.js`)).status, 404);
  const session = await fetch(`${k.base}/api/v1/sessions`, { method: 'POST', body: JSON.stringify({ login: 'officer15', password: password('officer15') }) });
  const cookie = session.headers.get('set-cookie');
  assert.match(cookie, /^__Host-komek_session=/);
  for (const flag of ['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/']) assert.ok(cookie.includes(flag), flag);
  // A cookie session without the page's header cannot change anything (CSRF, S6).
  const token = cookie.split(';')[0];
  const forged = await fetch(`${k.base}/api/v1/cases`, { method: 'POST', headers: { Cookie: token, 'Idempotency-Key': 'k' }, body: '{}' });
  assert.equal(forged.status, 403);
});
