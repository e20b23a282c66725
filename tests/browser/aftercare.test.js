// After the decision and the money, in a real browser (issue 8 items 1, 4, 7): the officer's
// commands on a granted TSA case's assignment (change of amount, suspend, resume, terminate
// on a ground the rule pack gives, with its clause); an applicant accepting a proactive offer
// in the cabinet and finding the case it started; budget lines set and amended with their
// chart; a payment run for a date with its demands, orders and files, the bank's results
// imported and the ledger checked; a holiday list made from the registry with its recipients
// and total. State the pages do not test is set up through the API (k.api) in the page's
// session. Every page must run without console errors or CSP violations.
//
//   KOMEK_BINARY=build/komek node --test tests/browser/aftercare.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKomek, messages, money, localDate } from './support.js';
import { grantedTsaCase } from './cases.js';

let k;
let caseId;

before(async () => {
  k = await startKomek({
    clock: '2026-02-10T10:00',
    // Koksu district's 200 synthetic families hold some its rules find eligible (offers).
    registryFamilies: 200,
    users: [
      { login: 'officer15', role: 'officer', territory: '15', name: 'Айгерім Сәрсенова' },
      { login: 'officer3348', role: 'officer', territory: '3348', name: 'Алия Серікова' },
    ],
  });
});
after(async () => { if (k) await k.stop(); });

const tr = (l, key, params = {}) => messages[l][key].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));

// Date fields: the browser's date input takes ISO, the pages' local text input dd.mm.yyyy.
async function fillDate(input, iso) {
  await input.fill((await input.getAttribute('type')) === 'date' ? iso : localDate(iso));
}
const formTitled = (page, title) => page.locator('form', { has: page.locator('h3', { hasText: title }) });

async function ok(page, method, url, body, expect = [200, 201]) {
  const r = await k.api(page, method, url, body);
  assert.ok(expect.includes(r.status), `${method} ${url}: ${r.status} ${r.text}`);
  return r.json;
}

test('the officer changes, suspends, resumes and terminates an assignment on a ground from the pack', async () => {
  const l = 'ru';
  const m = messages[l];
  const page = await k.newPage(l);
  await k.signIn(page, l, 'officer15');
  caseId = await grantedTsaCase(k, page);
  await page.goto(`${k.base}/#/case/${caseId}`);
  await k.stateShown(page, l, 'granted');
  const card = page.locator(`section.assignment[aria-label="${tr(l, 'assign.title_of', { programme: 'tsa' })}"]`);
  await card.waitFor();
  const badge = card.locator('h3 .badge');
  assert.equal(await badge.textContent(), m['assign.status.active']);

  // The grounds are the kz-tsa pack's, named in Russian, with the chosen one's clause.
  const ground = card.locator('select[name=ground]');
  await ground.waitFor();
  const options = await ground.locator('option').allTextContents();
  assert.deepEqual(options, ['Смерть получателя', 'Выезд на постоянное место жительства', 'Выявлены недостоверные сведения', 'Отказ от мер содействия занятости']);
  await ground.selectOption('moved_out');
  assert.ok((await card.locator('.termination-slot .hint').first().textContent()).includes('001 §22.2'));
  await k.shot(page, 'aftercare-01-assignment');

  // A new amount from March: the schedule and the history show it.
  const change = card.locator('form', { has: page.locator('h3', { hasText: m['assign.change_amount'] }) });
  await change.getByLabel(m['assign.from_month']).fill('03.2026');
  await change.getByLabel(m['assign.new_amount']).fill('60000,00');
  await change.getByLabel(m['action.reason']).fill('Пересчёт дохода');
  await change.getByRole('button', { name: m['action.send'] }).click();
  await card.locator('.assignment-history').waitFor();
  const march = card.locator('tr', { hasText: '03.2026' }).first();
  assert.ok((await march.textContent()).includes(money(l, 6000000)), await march.textContent());
  assert.ok((await card.locator('.assignment-history').textContent()).includes('Пересчёт дохода'));

  // Suspend from 1 March: the badge says so; resume on 15 March with the held days repaid.
  const suspend = card.locator('form', { has: page.locator('h3', { hasText: m['assign.suspend'] }) });
  await fillDate(suspend.getByLabel(m['assign.on']), '2026-03-01');
  await suspend.getByLabel(m['action.reason']).fill('Проверка сведений');
  await suspend.getByRole('button', { name: m['action.send'] }).click();
  await page.waitForFunction((text) => [...document.querySelectorAll('section.assignment h3 .badge')].some((b) => b.textContent === text), m['assign.status.suspended']);
  assert.equal(await badge.textContent(), m['assign.status.suspended']);
  assert.ok((await card.textContent()).includes('Проверка сведений'));
  const resume = card.locator('form', { has: page.locator('h3', { hasText: m['assign.resume'] }) });
  await fillDate(resume.getByLabel(m['assign.on']), '2026-03-15');
  await resume.getByLabel(m['assign.repay']).check();
  await resume.getByRole('button', { name: m['action.send'] }).click();
  await card.locator('form', { has: page.locator('h3', { hasText: m['assign.suspend'] }) }).waitFor();
  assert.equal(await badge.textContent(), m['assign.status.active']);
  assert.ok((await card.locator('.assignment-history').textContent()).includes('14.03.2026'), 'held until the day before resuming');
  await k.shot(page, 'aftercare-02-changed-resumed');

  // Terminate: moved out on 10 February; payment stops from March (next month, 001 §22.2).
  const terminate = card.locator('form', { has: page.locator('h3', { hasText: m['assign.terminate'] }) });
  await terminate.locator('select[name=ground]').selectOption('moved_out');
  await fillDate(terminate.getByLabel(m['assign.event_on']), '2026-02-10');
  await terminate.getByRole('button', { name: m['action.send'] }).click();
  await page.waitForFunction((text) => [...document.querySelectorAll('section.assignment h3 .badge')].some((b) => b.textContent === text), m['assign.status.terminated']);
  assert.equal(await badge.textContent(), m['assign.status.terminated']);
  const ended = card.locator('.termination');
  await page.waitForFunction(() => document.querySelector('.termination [data-ground]').textContent !== 'moved_out');
  const text = await ended.textContent();
  assert.ok(text.includes('Выезд на постоянное место жительства'), text);
  assert.ok(text.includes('01.03.2026'), text);
  assert.ok(text.includes('001 §22.2'), text);
  assert.equal(await card.locator('form').count(), 0, 'no commands on a terminated assignment');
  // The server agrees.
  const list = await ok(page, 'GET', `/api/v1/assignments?case=${caseId}`);
  const a = list.assignments.find((x) => x.programme === 'tsa');
  assert.equal(a.status, 'terminated');
  assert.equal(a.termination.ground, 'moved_out');
  assert.equal(a.changes.length, 1);
  assert.equal(a.suspensions[0].repay, true);
  await k.shot(page, 'aftercare-03-terminated');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an applicant accepts a proactive offer in the cabinet and sees the case it started', async () => {
  const l = 'kk';
  const m = messages[l];
  const officer = await k.newPage(l);
  await k.signIn(officer, l, 'officer3348');
  const run = await ok(officer, 'POST', '/api/v1/offers/run', { date: '2026-02-10' });
  assert.ok(run.offered >= 1, JSON.stringify(run));
  const offered = await ok(officer, 'GET', '/api/v1/offers?state=offered');
  const iin = offered[0].applicant_iin;
  k.addUser({ login: 'offered', role: 'applicant', iin, name: 'Ұсыныс Алушы' });
  await officer.context().close();

  const page = await k.newPage(l);
  await k.signIn(page, l, 'offered');
  const offers = page.locator('table', { has: page.locator('caption', { hasText: m['offer.title'] }) });
  await offers.waitFor();
  await k.shot(page, 'aftercare-04-offer');
  await offers.getByRole('button', { name: m['offer.accept'], exact: true }).dblclick();
  const link = offers.locator('a[href^="#/portal/case/"]');
  await link.waitFor();
  const number = await link.textContent();
  assert.match(number, /\d{4}-\d{6}/);
  await link.click();
  // Registered at once with the registry's answers, it goes on to the commission.
  await page.waitForFunction((n) => document.querySelector('main h1 .badge') && document.querySelector('main h1').textContent.includes(n), number);
  const state = (await ok(page, 'GET', '/api/v1/cases')).cases[0].state;
  assert.equal(await page.textContent('main h1 .badge'), m[`state.${state}`]);
  // One case, though the button was clicked twice.
  const mine = await ok(page, 'GET', '/api/v1/cases');
  assert.equal(mine.cases.length, 1);
  await k.shot(page, 'aftercare-05-offer-case');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('budgets: a line set and amended in the page, its figures and chart updated', async () => {
  const l = 'en';
  const m = messages[l];
  const page = await k.newPage(l);
  await k.signIn(page, l, 'officer15');
  await page.getByRole('link', { name: m['finance.nav_budgets'] }).click();
  await page.waitForSelector('form.finance-form');
  assert.equal(await page.textContent('main h1'), m['budget.title']);

  const set = formTitled(page, m['budget.set']);
  await set.getByLabel(m['budget.programme']).fill('tsa');
  await set.getByLabel(m['budget.territory']).fill('151000000');
  // The page's own check first: not an amount.
  await set.getByLabel(m['budget.allocation_tenge']).fill('a lot');
  await set.getByRole('button', { name: m['budget.set_submit'] }).click();
  assert.equal(await set.locator('[data-error-for=allocation]').textContent(), m['finance.bad_amount']);
  assert.equal(await set.getByLabel(m['budget.allocation_tenge']).getAttribute('aria-invalid'), 'true');
  await set.getByLabel(m['budget.allocation_tenge']).fill('1,000,000.00');
  await set.getByRole('button', { name: m['budget.set_submit'] }).click();
  const row = page.locator('table.responsive tr', { hasText: '151000000' }).first();
  await row.waitFor();
  assert.ok((await row.textContent()).includes(money(l, 100000000)));
  assert.equal(await page.textContent('[data-figure=allocation]'), money(l, 100000000));
  const chartText = () => page.locator('.budget-chart svg.chart').textContent();
  assert.ok((await chartText()).includes(`${money(l, 0)} / ${money(l, 100000000)}`));
  await k.shot(page, 'budget-01-set');

  // The same line again: the server's refusal at the top of the form, nothing changed.
  const again = formTitled(page, m['budget.set']);
  await again.getByLabel(m['budget.programme']).fill('tsa');
  await again.getByLabel(m['budget.territory']).fill('151000000');
  await again.getByLabel(m['budget.allocation_tenge']).fill('5');
  await again.getByRole('button', { name: m['budget.set_submit'] }).click();
  await again.locator('.form-error').filter({ hasText: /\S/ }).waitFor();

  // Cut it by 250,000 ₸ with a reason (double click: one amendment).
  const amend = formTitled(page, m['budget.amend']);
  await amend.getByLabel(m['budget.change_tenge']).fill('-250000.00');
  await amend.getByLabel(m['action.reason']).fill('Budget revision of February');
  await amend.getByRole('button', { name: m['budget.amend_submit'] }).dblclick();
  await page.waitForFunction((text) => document.querySelector('[data-figure=allocation]')?.textContent === text, money(l, 75000000));
  assert.ok((await chartText()).includes(`${money(l, 0)} / ${money(l, 75000000)}`));
  const line = (await ok(page, 'GET', '/api/v1/budgets')).budgets.find((b) => b.programme === 'tsa');
  assert.equal(line.allocation_tiyn, 75000000);
  assert.equal(line.amendments, 1);
  assert.ok((await row.textContent()).includes(money(l, 75000000)));
  assert.equal(await page.locator('.budget-chart svg.chart rect').count(), 1, 'nothing paid yet: one bar part');
  await k.shot(page, 'budget-02-amended');

  // The other programmes of the case get their lines through the API (the run needs them).
  for (const programme of ['tsa_child_supplement', 'guaranteed_social_package'])
    await ok(page, 'POST', '/api/v1/budgets', { programme, territory: '151000000', year: '2026', allocation: '500000.00', on: '2026-02-10' });
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // On a phone the page fits the screen.
  const phone = await k.newPage(l, { width: 390, height: 844 });
  await k.signIn(phone, l, 'officer15');
  await phone.goto(`${k.base}/#/budgets/2026`);
  await phone.waitForSelector('.budget-chart svg.chart');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
  await k.shot(phone, 'budget-03-phone');
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

test('a payment run for a date shows its demands, orders and files; results imported, ledger checked', async () => {
  const l = 'ru';
  const m = messages[l];
  const page = await k.newPage(l);
  await k.signIn(page, l, 'officer15');
  await page.getByRole('link', { name: m['finance.nav_payments'] }).click();
  const run = formTitled(page, m['payrun.run']);
  await run.waitFor();
  await fillDate(run.getByLabel(m['payrun.date']), '2026-02-10');
  await run.getByRole('button', { name: m['payrun.run_submit'] }).click();
  const result = page.locator('.run-result');
  await result.waitFor();
  const summary = await result.textContent();
  assert.ok(summary.includes(tr(l, 'payrun.result', { date: '10.02.2026' })), summary);
  // February's payments of the two assignments still running (TSA was terminated with
  // payment stopping in March: its February is paid too).
  const orders = (await ok(page, 'GET', '/api/v1/payments/orders')).orders;
  assert.ok(orders.filter((o) => o.month === '2026-02').length >= 2, JSON.stringify(orders));
  assert.ok(orders.every((o) => o.status === 'pending'));
  const demands = page.locator('section[aria-labelledby=demands-h] tbody tr');
  assert.ok((await demands.count()) >= 1);
  assert.ok((await page.locator('section[aria-labelledby=demands-h]').textContent()).includes(m['payrun.demand.transferred']));
  const orderRows = page.locator('.orders-box tbody tr');
  await page.waitForFunction((n) => document.querySelectorAll('.orders-box tbody tr').length === n, orders.length);
  assert.ok((await page.locator('.orders-box').textContent()).includes(orders[0].id));
  const files = page.locator('section[aria-labelledby=files-h] tbody tr');
  assert.ok((await files.count()) >= 1);
  await k.shot(page, 'payrun-01-run');

  // A file's text, shown and offered for download.
  await files.first().getByRole('button', { name: m['payrun.show_file'] }).click();
  const pre = page.locator('pre.payment-file').first();
  await pre.waitFor();
  assert.match(await pre.textContent(), /^KOMEK-PAYMENTS;1;/);
  assert.match(await page.getAttribute('.file-text a[download]', 'href'), /^blob:/);

  // The status filter.
  await page.selectOption('select[name=status]', 'posted');
  await page.waitForFunction(() => document.querySelector('.orders-box tbody tr td[colspan]'));
  await page.selectOption('select[name=status]', 'pending');
  await page.waitForFunction((n) => document.querySelectorAll('.orders-box tbody tr').length === n && !document.querySelector('.orders-box td[colspan]'), orders.length);

  // The bank's answer, read from a file chosen on this computer: every order paid.
  const text = `order_id;result;date;reason\n${orders.map((o) => `${o.id};paid;2026-02-10`).join('\n')}\n`;
  const importForm = formTitled(page, m['payrun.import']);
  await importForm.locator('input[type=file]').setInputFiles({ name: 'bank-2026-02-10.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.querySelector('textarea[name=content]').value.startsWith('order_id'));
  assert.equal(await importForm.getByLabel(m['payrun.file_name']).inputValue(), 'bank-2026-02-10.txt');
  await importForm.getByRole('button', { name: m['payrun.import_submit'] }).click();
  const imported = page.locator('.import-result');
  await imported.waitFor();
  assert.ok((await imported.textContent()).includes(`${m['payrun.applied']}${orders.length}`), await imported.textContent());
  await page.selectOption('select[name=status]', 'posted');
  await page.waitForFunction((n) => document.querySelectorAll('.orders-box tbody tr').length === n && !document.querySelector('.orders-box td[colspan]'), orders.length);
  assert.ok((await page.locator('.orders-box').textContent()).includes(m['payrun.status.posted']));

  // A malformed file is refused whole, the server's message under the content.
  const again = formTitled(page, m['payrun.import']);
  await again.getByLabel(m['payrun.file_name']).fill('broken.txt');
  await again.getByLabel(m['payrun.content']).fill('this is not a result line');
  await again.getByRole('button', { name: m['payrun.import_submit'] }).click();
  await again.locator('[data-error-for=content]').filter({ hasText: /\S/ }).waitFor();

  // The ledger holds.
  await page.getByRole('button', { name: m['payrun.verify'] }).click();
  await page.locator('.ledger-result .badge').waitFor();
  assert.equal(await page.textContent('.ledger-result .badge'), m['payrun.ledger_ok']);
  await k.shot(page, 'payrun-02-imported-verified');

  // The budget page now shows the money paid, in its figures and its chart.
  const paid = orders.filter((o) => o.programme === 'tsa').reduce((a, o) => a + o.amount_tiyn, 0);
  await page.goto(`${k.base}/#/budgets/2026`);
  await page.waitForSelector('.budget-chart svg.chart');
  assert.ok((await page.locator('.budget-chart svg.chart').textContent()).includes(`${money(l, paid)} / ${money(l, 75000000)}`));
  assert.ok((await page.locator('.budget-chart svg.chart rect.ok').count()) >= 1);
  await k.shot(page, 'payrun-03-budget-paid');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const phone = await k.newPage(l, { width: 390, height: 844 });
  await k.signIn(phone, l, 'officer15');
  await phone.goto(`${k.base}/#/payments`);
  await phone.waitForSelector('.orders-box tbody tr');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
  await k.shot(phone, 'payrun-04-phone');
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

test('a holiday list made in the page shows its recipients and total', async () => {
  // Atyrau's memorable day of 15 February 2024 (as the e2e test): its own server, with the
  // synthetic registry of Atyrau city.
  const a = await startKomek({
    clock: '2024-02-12T10:00', registryFamilies: 300, serveArgs: ['--registry-district', '231010000'],
    users: [{ login: 'atyrau1', role: 'officer', territory: '2310', name: 'Дана Нұрова' }],
  });
  try {
    const l = 'kk';
    const m = messages[l];
    const page = await a.newPage(l);
    await a.signIn(page, l, 'atyrau1');
    await page.getByRole('link', { name: m['finance.nav_holidays'] }).click();
    const make = formTitled(page, m['holiday.make']);
    await make.waitFor();
    assert.equal(await make.locator('select[name=pack]').inputValue(), 'atyrau-007');
    // The next holiday day of the pack is offered; the pack's days are listed.
    const date = make.getByLabel(m['holiday.date']);
    assert.ok(['2024-02-15', '15.02.2024'].includes(await date.inputValue()), await date.inputValue());
    assert.ok((await make.locator('.holiday-days').textContent()).includes('15.02'));
    await fillDate(date, '2024-02-15');
    await a.shot(page, 'holiday-01-make');
    await make.getByRole('button', { name: m['holiday.make_submit'] }).dblclick();
    const view = page.locator('section.holiday-list');
    await view.waitFor({ timeout: 30000 });
    const id = (await view.locator('dd code').textContent()).trim();
    const list = await ok(page, 'GET', `/api/v1/holiday-lists/${encodeURIComponent(id)}`);
    assert.ok(list.recipients > 0);
    assert.equal(await view.locator('.holiday-recipients').textContent(), String(list.recipients));
    assert.equal(await view.locator('.holiday-total').textContent(), money(l, list.total_tiyn));
    assert.equal(list.total_tiyn, list.entries.reduce((s, e) => s + e.amount_tiyn, 0));
    assert.equal(await view.locator('tbody tr').count(), list.recipients);
    assert.ok((await view.textContent()).includes(list.entries[0].name));
    // The territory's lists, read again after the making, hold it.
    const index = page.locator('section.holiday-index');
    assert.ok((await index.textContent()).includes(money(l, list.total_tiyn)));
    await a.shot(page, 'holiday-02-list');
    // A second making of the same day answers the same list; a day without a holiday is
    // refused next to the date.
    const again = await ok(page, 'POST', '/api/v1/holiday-lists', { pack: 'atyrau-007', date: '2024-02-15' });
    assert.equal(again.id, id);
    const make2 = formTitled(page, m['holiday.make']);
    await fillDate(make2.getByLabel(m['holiday.date']), '2024-02-16');
    await make2.getByRole('button', { name: m['holiday.make_submit'] }).click();
    await make2.locator('[data-error-for=date]').filter({ hasText: /\S/ }).waitFor();
    // Opened by its id on another page.
    const other = await a.newPage('ru');
    await a.signIn(other, 'ru', 'atyrau1');
    await other.goto(`${a.base}/#/holiday-lists`);
    const open = formTitled(other, messages.ru['holiday.open']);
    await open.getByLabel(messages.ru['holiday.list_id']).fill(id);
    await open.getByRole('button', { name: messages.ru['holiday.open_submit'] }).click();
    await other.locator('section.holiday-list .holiday-total').waitFor();
    assert.equal(await other.textContent('section.holiday-list .holiday-total'), money('ru', list.total_tiyn));
    // After a reload the list is in the territory's lists (GET /api/v1/holiday-lists), with its
    // date, recipients and total, and opens from there.
    await page.goto(`${a.base}/#/holiday-lists`);
    await page.reload();
    const row = page.locator('section.holiday-index tbody tr', { has: page.locator(`code:text-is("${id}")`) });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.ok(cells.includes(String(list.recipients)), cells.join(' | '));
    assert.ok(cells.includes(money(l, list.total_tiyn)), cells.join(' | '));
    assert.equal(cells[0], localDate('2024-02-15'));
    assert.equal(await page.locator('section.holiday-list').count(), 0);
    await a.shot(page, 'holiday-03-index');
    // The filters: another year shows none; a year that is not one is refused next to it by
    // the server; the list's year and pack show it again.
    const filter = page.locator('form.holiday-filter');
    await filter.getByLabel(m['holiday.year']).fill('2023');
    await filter.getByRole('button', { name: m['holiday.show'] }).click();
    await page.waitForFunction(() => document.querySelectorAll('section.holiday-index tbody td[colspan]').length === 1);
    assert.equal(await row.count(), 0);
    await filter.getByLabel(m['holiday.year']).fill('20x4');
    await filter.getByRole('button', { name: m['holiday.show'] }).click();
    await filter.locator('[data-error-for=year]').filter({ hasText: /\S/ }).waitFor();
    await filter.getByLabel(m['holiday.year']).fill('2024');
    await filter.locator('select[name=pack]').selectOption('atyrau-007');
    await filter.getByRole('button', { name: m['holiday.show'] }).click();
    await row.waitFor();
    await row.getByRole('link', { name: id }).click();
    await page.locator('section.holiday-list .holiday-total').waitFor();
    assert.equal(page.url(), `${a.base}/#/holiday-lists/${encodeURIComponent(id)}`);
    assert.equal(await page.textContent('section.holiday-list .holiday-total'), money(l, list.total_tiyn));
    assert.equal(await page.textContent('section.holiday-list .holiday-recipients'), String(list.recipients));
    assert.deepEqual(page.problems, []);
    assert.deepEqual(other.problems, []);
  } finally {
    await a.stop();
  }
});
