// Special social services in a real browser (issue 8: the pages show seed 003's module): an
// officer assesses a person's need, opens an individual plan on the assessment, plans a
// service from the catalogue, records it delivered (and once refused), sees it in the
// person's file, ends the plan, and reads the accounting report, whose figures and CSV are
// those the API answers. Bad input (an IIN with a wrong check digit, a group the person's age
// does not fit, a service dated before the assessment) gets the server's message next to its
// field and creates nothing. An auditor reads the file and the report on a phone, without
// any form. Every page must run without console errors or CSP violations.
//
//   KOMEK_BINARY=build/komek node --test tests/browser/social.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKomek, messages, iinFor, localDate } from './support.js';

// A man born on 15 March 1950: 76 on the office's date, so of the "over 70" group.
const IIN = iinFor('500315', 1);
const NAME = 'Ерлан Әбенов';
let k;
let personId;

before(async () => {
  k = await startKomek({
    clock: '2026-03-20T10:00',
    users: [
      { login: 'officer3348', role: 'officer', territory: '3348', name: 'Динара Омарова' },
      { login: 'auditor3348', role: 'auditor', territory: '3348', name: 'Серік Ахметов' },
    ],
  });
});
after(async () => { if (k) await k.stop(); });

const tr = (l, key, params = {}) => messages[l][key].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
const formTitled = (page, title) => page.locator('form', { has: page.locator('h3', { hasText: title }) });

async function ok(page, method, url, body) {
  const r = await k.api(page, method, url, body);
  assert.ok([200, 201].includes(r.status), `${method} ${url}: ${r.status} ${r.text}`);
  return r.json;
}

// The message under a field once the server has answered, else a screenshot and what the
// page shows.
async function errorUnder(page, scope, name, shot) {
  const slot = scope.locator(`[data-error-for="${name}"]`);
  try {
    await slot.waitFor({ state: 'visible', timeout: 15000 });
  } catch (e) {
    await k.shot(page, `failed-${shot}`);
    throw new Error(`no message under ${name}: ${(await page.locator('.form-error, .field-error').allTextContents()).filter(Boolean).join(' | ')}`);
  }
  const text = await slot.textContent();
  assert.ok(text.length > 5 && !text.startsWith('HTTP'), `the server's message under ${name}: ${text}`);
  return text;
}

// The cells of a table's body, row by row.
const cells = (table) => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));

test('an officer assesses, plans, records, closes and reports, in Russian', async () => {
  const l = 'ru';
  const m = messages[l];
  const page = await k.newPage(l);
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  await k.signIn(page, l, 'officer3348');

  // The entry: the territory's persons (none yet), "assess" and "report".
  await page.getByRole('link', { name: m['social.nav'], exact: true }).click();
  await page.waitForSelector(`h1:text-is("${m['social.title']}")`);
  await k.shot(page, 'social-ru-01-persons-empty');
  await page.getByRole('link', { name: m['social.assess_title'] }).click();

  // The assessment: the IIN in the body, groups and circumstances from the catalogue.
  await page.waitForSelector(`h1:text-is("${m['social.assess_title']}")`);
  const assess = page.locator('form.social-form');
  await page.getByLabel(m['social.iin']).fill(IIN);
  await page.getByLabel(m['social.full_name']).fill(NAME);
  await page.getByLabel(m['social.territory']).fill('334820000');
  await page.getByLabel(m['social.assessed_on']).fill('02.03.2026');
  assert.equal(await page.getByLabel(m['social.assessor']).inputValue(), 'Динара Омарова');
  await page.getByLabel('Пожилые люди старше 70 лет').check();
  await page.getByLabel('Больные хроническими заболеваниями').check();
  await assess.locator('textarea[name=circumstances]').fill('живёт один после инсульта\nне выходит из дома');
  await assess.locator('select[name=needs_services]').selectOption('true');
  await assess.locator('textarea[name=reasons]').fill('нужна помощь на дому');
  await k.shot(page, 'social-ru-02-assessment-form');
  await assess.getByRole('button', { name: m['social.assess_submit'] }).click();
  const result = page.locator('section', { has: page.locator(`h2:text-is("${m['social.result_title']}")`) });
  await result.waitFor();
  assert.ok((await result.textContent()).includes(m['social.needs']));
  assert.ok((await result.textContent()).includes('Пожилые люди старше 70 лет; Больные хроническими заболеваниями'));
  await k.shot(page, 'social-ru-03-assessment-result');

  // The file opens by the API's person id, never by the IIN.
  await result.getByRole('link', { name: m['social.open_file'] }).click();
  await page.waitForSelector(`h1:text-is("${NAME}")`);
  personId = decodeURIComponent(page.url().split('#/social/person/')[1]);
  assert.ok(personId && personId !== IIN, page.url());
  const file = await ok(page, 'GET', `/api/v1/social/persons/${encodeURIComponent(personId)}`);
  assert.equal(file.person.iin, IIN);
  assert.equal(file.assessments.length, 1);

  // An individual plan on the assessment.
  const open = formTitled(page, m['social.open_plan']);
  await open.locator('[name=opened_on]').fill('03.03.2026');
  await open.locator('[name=goals]').fill('остаться жить дома');
  await open.getByRole('button', { name: m['social.open_plan'] }).click();
  const card = page.locator('section.social-plan');
  await card.locator(`h2:has-text("${tr(l, 'social.plan_title', { date: '03.03.2026' })}")`).waitFor();
  assert.equal(await card.locator('h2 .badge').textContent(), m['social.state.open']);

  // A service planned from the catalogue: type, form, how often, how much, who, when.
  const plan = formTitled(page, m['social.plan_service']);
  await plan.locator('select[name=type]').selectOption('social_household');
  await plan.locator('select[name=form]').selectOption('patronage');
  await plan.locator('[name=description]').fill('уборка, покупка продуктов');
  await plan.locator('[name=frequency]').fill('два раза в неделю');
  await plan.locator('[name=quantity]').fill('8');
  await plan.locator('[name=provider]').fill('Отделение социальной помощи на дому');
  await plan.locator('[name=planned_from]').fill('03.03.2026');
  await plan.locator('[name=planned_to]').fill('31.03.2026');
  await plan.getByRole('button', { name: m['social.plan_service'] }).click();
  const services = card.locator('table', { has: page.locator('caption', { hasText: m['social.services'] }) });
  await services.locator('tbody tr', { hasText: 'два раза в неделю' }).waitFor();
  const planned = (await cells(services))[0];
  assert.equal(planned[0], 'Социально-бытовые услуги');
  assert.ok(planned[1].startsWith('Посещение на дому'), planned[1]);
  assert.equal(planned[4], '8');
  assert.equal(planned[5], '0');
  await k.shot(page, 'social-ru-04-plan-with-service');

  // A service dated before the assessment: the server's message under the date, nothing kept.
  let record = formTitled(page, m['social.record_service']);
  await record.locator('[name=date]').fill('01.03.2026');
  await record.locator('[name=duration_minutes]').fill('90');
  await record.getByRole('button', { name: m['social.record_service'] }).click();
  await errorUnder(page, record, 'date', 'social-ru-record-date');
  assert.equal(await record.locator('input[name=date]').getAttribute('aria-invalid'), 'true');
  await k.shot(page, 'social-ru-05-record-refused-by-server');
  assert.equal((await ok(page, 'GET', `/api/v1/social/persons/${encodeURIComponent(personId)}`)).plans[0].records.length, 0);

  // Delivered on 5 March (a double click records it once), then refused on 7 March.
  assert.equal(await record.locator('[name=provider]').inputValue(), 'Отделение социальной помощи на дому');
  await record.locator('[name=date]').fill('05.03.2026');
  await record.locator('[name=notes]').fill('уборка');
  await record.getByRole('button', { name: m['social.record_service'] }).dblclick();
  const records = card.locator('table', { has: page.locator('caption', { hasText: m['social.records'] }) });
  await records.locator('tbody tr', { hasText: '05.03.2026' }).waitFor();
  record = formTitled(page, m['social.record_service']);
  await record.locator('[name=date]').fill('07.03.2026');
  await record.getByLabel(m['social.refused_box']).check();
  await record.locator('[name=refusal_reason]').fill('не было дома');
  await record.getByRole('button', { name: m['social.record_service'] }).click();
  await records.locator('tbody tr', { hasText: '07.03.2026' }).waitFor();

  // The file shows both, and the delivered quantity against the plan.
  const rows = await cells(records);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0].slice(0, 1), ['05.03.2026']);
  assert.equal(rows[0][2], m['social.delivered_one']);
  assert.equal(rows[0][4], '90');
  assert.ok(rows[1][2].startsWith(m['social.refused']) && rows[1][2].includes('не было дома'), rows[1][2]);
  assert.equal((await cells(services))[0][5], '1');
  const stored = await ok(page, 'GET', `/api/v1/social/persons/${encodeURIComponent(personId)}`);
  assert.equal(stored.plans[0].records.length, 2, 'the double click recorded the service once');
  await k.shot(page, 'social-ru-06-records');

  // The plan closes with its reason; its forms go.
  const close = formTitled(page, m['social.close_plan']);
  await close.locator('[name=closed_on]').fill('19.03.2026');
  await close.locator('select[name=reason]').selectOption('goals_met');
  await close.locator('[name=notes]').fill('помощь больше не нужна');
  await close.getByRole('button', { name: m['social.close_plan'] }).click();
  await page.waitForFunction((text) => {
    const b = document.querySelector('section.social-plan h2 .badge');
    return b && b.textContent === text;
  }, m['social.state.closed']);
  assert.equal(await card.locator('form').count(), 0);
  assert.ok((await card.textContent()).includes('Цели плана достигнуты'));
  await k.shot(page, 'social-ru-07-plan-closed');

  // The accounting report for March: the figures the API gives, and its CSV.
  await page.getByRole('link', { name: m['social.back'] }).click();
  await page.getByRole('link', { name: m['social.report_title'] }).click();
  await page.waitForSelector(`h1:text-is("${m['social.report_title']}")`);
  await page.getByLabel(m['social.from']).fill('01.03.2026');
  await page.getByLabel(m['social.to']).fill('31.03.2026');
  await page.getByRole('button', { name: m['social.report_show'] }).click();
  const heading = tr(l, 'social.report_for', { from: '01.03.2026', to: '31.03.2026', territory: '3348' });
  await page.waitForSelector(`.social-report h2:text-is("${heading}")`);
  const api = await ok(page, 'GET', '/api/v1/social/report?from=2026-03-01&to=2026-03-31');
  assert.equal(api.persons_served, 1);
  assert.equal(await page.textContent('[data-figure=persons_served]'), String(api.persons_served));
  assert.equal(await page.textContent('[data-figure=plans_opened]'), String(api.plans.opened));
  assert.ok((await page.textContent('[data-reason=goals_met]')).endsWith(': 1'));
  const captioned = (key) => page.locator('.social-report table', { has: page.locator(`caption:text-is("${m[key]}")`) });
  const byType = await cells(captioned('social.by_type'));
  assert.deepEqual(byType.map((r) => r.slice(1)), api.services_by_type.map((x) => [x.planned, x.delivered, x.refused, x.persons].map(String)));
  assert.deepEqual(byType[5], ['Социально-бытовые услуги', '8', '1', '1', '1']);
  const byCategory = await cells(captioned('social.by_category'));
  assert.deepEqual(byCategory, api.by_category.map((x) => [x.name, String(x.persons)]));
  assert.deepEqual(byCategory[3], ['Пожилые люди старше 70 лет', '1']);
  const byForm = await cells(captioned('social.by_form'));
  assert.deepEqual(byForm.map((r) => r[1]), api.by_form.map((x) => String(x.persons)));
  assert.equal(byForm[1][1], '1');
  await page.locator('.social-report summary', { hasText: m['social.by_category_form'] }).click();
  const cross = await cells(captioned('social.by_category_form'));
  assert.deepEqual(cross.map((r) => r.slice(2)), api.by_category.map((x) => api.by_form.map((f) => String(x.by_form[f.code]))));
  assert.deepEqual(cross[3].slice(1), ['1', '0', '1', '0', '0']);
  const href = await page.getByRole('link', { name: m['social.csv'] }).getAttribute('href');
  assert.ok(href.includes('from=2026-03-01') && href.includes('to=2026-03-31') && href.includes('format=csv'), href);
  const csv = await k.api(page, 'GET', href);
  assert.equal(csv.status, 200);
  assert.match(csv.text, /\r\nservices_by_type,,,,,social_household,[^,\r\n]*,1,8,1,1\r\n/);
  await k.shot(page, 'social-ru-08-report');

  // Back on the list: the person, IIN masked, no open plan.
  await page.getByRole('link', { name: m['social.back'] }).click();
  const row = page.locator('tbody tr', { hasText: NAME });
  await row.waitFor();
  assert.ok((await row.textContent()).includes(`${IIN.slice(0, 4)}******${IIN.slice(10)}`));
  assert.ok(!(await row.textContent()).includes(IIN));
  assert.ok((await row.textContent()).includes(m['social.no_open_plan']));
  await k.shot(page, 'social-ru-09-persons');

  // The IIN went in bodies only.
  assert.deepEqual(urls.filter((u) => u.includes(IIN)), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('bad input gets the server message next to its field and creates nothing, in Kazakh', async () => {
  const l = 'kk';
  const m = messages[l];
  const page = await k.newPage(l);
  await k.signIn(page, l, 'officer3348');
  const before = (await ok(page, 'GET', '/api/v1/social/persons')).persons.length;
  await page.goto(`${k.base}/#/social/assess`);
  await page.waitForSelector(`h1:text-is("${m['social.assess_title']}")`);
  const assess = page.locator('form.social-form');

  // The page's own check first: a required field left empty.
  await assess.getByRole('button', { name: m['social.assess_submit'] }).click();
  assert.equal(await assess.locator('[data-error-for="iin"]').textContent(), m['error.required']);

  // An IIN with a wrong check digit: the server's message under the IIN.
  const wrong = IIN.slice(0, 11) + String((Number(IIN[11]) + 1) % 10);
  await page.getByLabel(m['social.iin']).fill(wrong);
  await page.getByLabel(m['social.full_name']).fill('Айгүл Нұрланова');
  await page.getByLabel(m['social.territory']).fill('334820000');
  await page.getByLabel(m['social.assessed_on']).fill(localDate('2026-03-10'));
  await page.getByLabel('Жас аналар').check();
  await assess.locator('textarea[name=circumstances]').fill('жалғыз бала тәрбиелейді');
  await assess.locator('textarea[name=reasons]').fill('кеңес қажет');
  await assess.getByRole('button', { name: m['social.assess_submit'] }).click();
  const iinMessage = await errorUnder(page, assess, 'iin', 'social-kk-iin');
  assert.notEqual(iinMessage, m['error.required']);
  assert.equal(await page.getByLabel(m['social.iin']).getAttribute('aria-invalid'), 'true');
  await k.shot(page, 'social-kk-01-bad-iin');

  // A group the age from the IIN does not fit (born 1990: not over 70): under the groups.
  await page.getByLabel(m['social.iin']).fill(iinFor('900101', 1));
  await page.getByLabel('70 жастан асқан қарт адамдар').check();
  await assess.getByRole('button', { name: m['social.assess_submit'] }).click();
  await page.waitForFunction(() => {
    const e = document.querySelector('[data-error-for="categories"]');
    return e && e.textContent.length > 0;
  });
  const groupMessage = await assess.locator('[data-error-for="categories"]').textContent();
  assert.ok(groupMessage.includes('70'), groupMessage);
  assert.equal(await assess.locator('[data-error-for="iin"]').textContent(), '');
  await k.shot(page, 'social-kk-02-group-age');

  // Nothing was created by either.
  assert.equal((await ok(page, 'GET', '/api/v1/social/persons')).persons.length, before);
  assert.equal(await page.locator('.social-result section').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an auditor reads the file and the report on a phone, without forms, in English', async () => {
  const l = 'en';
  const m = messages[l];
  const page = await k.newPage(l, { width: 375, height: 812 });
  await k.signIn(page, l, 'auditor3348');
  await page.goto(`${k.base}/#/social`);
  await page.waitForSelector(`h1:text-is("${m['social.title']}")`);
  assert.equal(await page.getByRole('link', { name: m['social.assess_title'] }).count(), 0);
  await page.getByRole('link', { name: NAME }).click();
  await page.waitForSelector(`h1:text-is("${NAME}")`);
  await page.locator('section.social-plan').waitFor();
  assert.equal(await page.locator('main form').count(), 0);
  assert.ok((await page.locator('section.social-plan').textContent()).includes('Social-household services'));
  assert.ok((await page.locator('section.social-plan').textContent()).includes(m['social.closed_with_plan']));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `the file is ${wide}px wider than the phone`);
  await k.shot(page, 'social-en-01-file-phone');

  // The report opens on the office's month: March, with the service delivered.
  await page.goto(`${k.base}/#/social/report`);
  await page.waitForSelector('.social-report h2');
  assert.equal(await page.textContent('[data-figure=persons_served]'), '1');
  const wideReport = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wideReport <= 0, `the report is ${wideReport}px wider than the phone`);
  await k.shot(page, 'social-en-02-report-phone');

  // Assessing is not the auditor's: the page sends them home.
  await page.goto(`${k.base}/#/social/assess`);
  await page.waitForFunction(() => location.hash === '#/queue');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
