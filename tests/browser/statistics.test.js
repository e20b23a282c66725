// The statistics bureau's regional figures in a real browser (issue 16 item 1): a TSA
// application in Koksu (region 33) made on 15 October 2026 needs region 33's figures of
// 2026-Q3 — the poverty line of 2026-Q4 is max(35% of the regional median income, 70% of the
// regional subsistence minimum) of the quarter before (FACTS §2, order No 473) — and none is
// shipped. The dashboard and the case say so before the case is stuck; the officer enters
// the subsistence minimum on the statistics page and imports the median income from a CSV
// file (a bad file first: refused naming its line and column, nothing written); the warning
// goes, and the case is decided with the amount the law gives.
//
//   KOMEK_BINARY=build/komek node --test tests/browser/statistics.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKomek, messages, money, localDate } from './support.js';
import { apiOk, APPLICANT } from './cases.js';

let k;
before(async () => {
  k = await startKomek({ clock: '2026-10-15T10:00',
    users: [{ login: 'officer3348', role: 'officer', territory: '3348', name: 'Әлия Нұрланқызы' },
      { login: 'auditor3348', role: 'auditor', territory: '3348', name: 'Марат Төлегенұлы' }] });
});
after(async () => { if (k) await k.stop(); });

const tr = (l, key, params = {}) => messages[l][key].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
const formTitled = (page, title) => page.locator('form', { has: page.locator('h3', { hasText: title }) });

// A Koksu family of three applying on 15 October 2026: the applicant earned 45 000 ₸ in each
// month of the quarter before; carried to the employment measures step.
async function koksuTsaCase(page) {
  const ok = (method, url, body) => apiOk(k, page, method, url, body);
  const family = {
    territory: '334820000', application_date: '2026-10-15',
    members: [
      { iin: APPLICANT, birth_date: '1990-01-01', relation: 'applicant',
        incomes: ['2026-07', '2026-08', '2026-09'].map((month) => ({ type: 'wages', month, amount: '45000.00' })) },
      { birth_date: '1992-03-01', relation: 'spouse', sex: 'female' },
      { birth_date: '2016-05-20', relation: 'child' },
    ],
  };
  const c = await ok('POST', '/api/v1/cases', { channel: 'authorized_body', pack: 'kz-tsa', family, applicant_name: 'Айгүл Сейітқызы' });
  const step = (path, body = {}) => ok('POST', `/api/v1/cases/${c.id}/${path}`, body);
  await step('accept');
  const registered = await step('registry');
  if (registered.state === 'awaiting_documents') await step('documents-received');
  await step('commission', { kind: 'district' });
  const concluded = await step('commission/conclusion', { in_need: true, notes: 'тексерілді' });
  assert.equal(concluded.state, 'employment_measures');
  return c.id;
}
const employment = { recommendations: 'кәсіптік оқыту', contract_number: 'SC-33-0001',
  plan: ['alm_vocational_training', 'sa_phc_registration'], job_seekers: [APPLICANT] };

test('a Koksu TSA case is flagged before it is stuck and decided once the figures are entered', async () => {
  const l = 'kk';
  const m = messages[l];
  const page = await k.newPage(l);
  await k.signIn(page, l, 'officer3348');
  const id = await koksuTsaCase(page);
  const region = `33 (Жетісу облысы)`;
  const quarter = tr(l, 'statistics.quarter', { n: 3, year: 2026 });
  const lower = (text) => text.charAt(0).toLocaleLowerCase() + text.slice(1);
  const both = `${lower(m['statistics.series.subsistence_minimum'])}, ${lower(m['statistics.series.median_income'])}`;

  // The dashboard warns with the count of cases waiting.
  await page.goto(`${k.base}/#/dashboard`);
  const warning = page.locator('.figures-wanted');
  await warning.waitFor();
  assert.equal(await warning.locator('li').textContent(), tr(l, 'statistics.wanted', { region, quarter, series: both, n: 1 }));
  await k.shot(page, 'kk-statistics-01-dashboard-warning');

  // So does the case, before the employment step is even recorded.
  await page.goto(`${k.base}/#/case/${id}`);
  await k.stateShown(page, l, 'employment_measures');
  await warning.waitFor();
  assert.equal(await warning.locator('li').textContent(), tr(l, 'statistics.wanted_case', { region, quarter, series: both }));
  await k.shot(page, 'kk-statistics-02-case-warning');
  // Without the figures the rules cannot decide, and name the one missing.
  const stuck = await k.api(page, 'POST', `/api/v1/cases/${id}/employment`, employment);
  assert.ok(stuck.status >= 400 && stuck.status < 500, stuck.text);
  assert.match(stuck.json.message, /subsistence_minimum/);

  // The subsistence minimum, entered on the statistics page.
  await page.click('.figures-wanted a');
  await page.waitForSelector('form.statistics-add');
  const add = formTitled(page, m['statistics.add']);
  await add.getByLabel(m['statistics.series']).selectOption('subsistence_minimum');
  assert.equal(await add.getByLabel(m['statistics.region']).inputValue(), '33');
  await add.getByLabel(m['statistics.period']).fill('2026-Q3');
  await add.getByLabel(m['statistics.value_tenge']).fill('60000');
  await add.getByLabel(m['statistics.source']).fill('ҰСБ, «Ең төменгі күнкөріс деңгейі», 2026 жылғы қазан');
  await add.getByLabel(m['statistics.published_on']).fill(localDate('2026-10-10'));
  await add.getByRole('button', { name: m['statistics.add_submit'] }).click();
  const result = page.locator('.statistics-result');
  await result.waitFor();
  assert.equal(await result.textContent(), tr(l, 'statistics.saved',
    { series: m['statistics.series.subsistence_minimum'], period: quarter, value: money(l, 6_000_000) }));
  // What is still missing is the median income only.
  assert.equal(await page.locator('.figures-wanted li').textContent(),
    tr(l, 'statistics.wanted', { region, quarter, series: lower(m['statistics.series.median_income']), n: 1 }));

  // A CSV file with a bad date on line 3 is refused whole, naming the line and the column.
  const header = 'series,region,period,value,source,published_on\n';
  const bad = `${header}median_income,33,2026-Q3,150000,"ҰСБ, табыс бюллетені",2026-10-12\npoverty_line,33,2026-Q4,41000,ҰСБ,12.10.2026\n`;
  const importForm = formTitled(page, m['statistics.import']);
  await importForm.getByLabel(m['statistics.import_file']).setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await importForm.getByRole('button', { name: m['statistics.import_submit'] }).click();
  const refusal = importForm.locator('[data-error-for="csv"]');
  await page.waitForFunction((el) => el.textContent.length > 0, await refusal.elementHandle());
  assert.match(await refusal.textContent(), /^3-жол, «published_on» бағаны: /);
  await k.shot(page, 'kk-statistics-03-import-refused');
  const listed = await apiOk(k, page, 'GET', '/api/v1/statistics/figures?region=33');
  assert.equal(listed.figures.filter((f) => f.series === 'median_income').length, 0);

  // The good file.
  const good = `${header}median_income,33,2026-Q3,150000,"ҰСБ, табыс бюллетені",2026-10-12\n`;
  await importForm.getByLabel(m['statistics.import_file']).setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await importForm.getByRole('button', { name: m['statistics.import_submit'] }).click();
  // The page is drawn again with the import's result in place of the form's earlier one.
  const imported = tr(l, 'statistics.imported', { n: 1, entered: 1, corrected: 0, unchanged: 0 });
  await page.waitForFunction((text) => (document.querySelector('.statistics-result') || {}).textContent === text, imported);
  assert.equal(await page.locator('.figures-wanted').count(), 0);
  // Each figure with its source and publication day; the shipped months of 2025 too.
  const table = page.locator('table.responsive');
  assert.ok((await table.textContent()).includes('ҰСБ, табыс бюллетені'));
  assert.ok((await table.textContent()).includes(localDate('2026-10-12')));
  assert.ok((await table.textContent()).includes(money(l, 5_911_500)));
  await k.shot(page, 'kk-statistics-04-figures');

  // The case goes on to its decision. Poverty line = max(35% × 150 000 = 52 500; 70% ×
  // 60 000 = 42 000) = 52 500 ₸; per-capita income = 3 × 45 000 / 3 / 3 = 15 000 ₸; TSA =
  // (52 500 − 15 000) × 3 = 112 500 ₸ a month (FACTS §2).
  await apiOk(k, page, 'POST', `/api/v1/cases/${id}/employment`, employment);
  const decided = await apiOk(k, page, 'POST', `/api/v1/cases/${id}/decision`, {});
  assert.equal(decided.state, 'granted');
  const tsa = decided.decision.programmes.find((p) => p.granted && p.amount_per_payment_tiyn === 11_250_000);
  assert.ok(tsa, JSON.stringify(decided.decision));
  await page.goto(`${k.base}/#/case/${id}`);
  await k.stateShown(page, l, 'granted');
  assert.equal(await page.locator('.figures-wanted').count(), 0);
  assert.ok((await page.locator('#decision-h').locator('..').textContent()).includes(money(l, 11_250_000)));
  await k.shot(page, 'kk-statistics-05-case-granted');
  assert.deepEqual(page.problems, []);
});

test('staff who only read see the figures and the warning, and no forms', async () => {
  const l = 'ru';
  const page = await k.newPage(l, { width: 390, height: 844 });
  await k.signIn(page, l, 'auditor3348');
  await page.goto(`${k.base}/#/statistics`);
  await page.waitForSelector('table.responsive');
  assert.equal(await page.locator('form.statistics-add').count(), 0);
  assert.equal(await page.locator('form.statistics-import').count(), 0);
  await k.shot(page, 'ru-statistics-phone');
  assert.deepEqual(page.problems, []);
});
