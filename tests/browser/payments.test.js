// Payments, offers and notices in a real browser (issue 8: the pages show what the later
// issues add): the applicant reads their payments in the cabinet and on the granted case; an
// officer looks a recipient up by IIN on the payments page (no request URL carries the IIN);
// an officer runs the proactive offers for a date and lists them by state; the notification
// outbox lists a case's notices and an offer's. A granted TSA case, its budget lines, a payment
// run and the bank's answer for one order are set up through the API (k.api). The SMS gateway
// is a local HTTP server that accepts every message. Every page must run without console
// errors or CSP violations.
//
//   KOMEK_BINARY=build/komek node --test tests/browser/payments.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startKomek, messages, money, localDate } from './support.js';
import { APPLICANT, apiOk, grantedTsaCase } from './cases.js';

let k;
let gateway;
const sms = [];
let caseId;
let orders;  // the applicant's orders as the API gives them

const tr = (l, key, params = {}) => messages[l][key].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
const formTitled = (page, title) => page.locator('form', { has: page.locator('h3', { hasText: title }) });
const masked = (iin) => `${iin.slice(0, 4)}******${iin.slice(10)}`;

before(async () => {
  // The SMS gateway: accepts every message (docs/notifications.md, "Gateway protocol").
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { sms.push(body); res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"id":"gw-1"}'); });
  });
  await new Promise((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  k = await startKomek({
    clock: '2026-02-10T10:00',
    // Koksu district's 200 synthetic families hold some its rules find eligible (offers).
    registryFamilies: 200,
    serveArgs: ['--sms-gateway', `http://127.0.0.1:${gateway.address().port}/sms`],
    users: [
      { login: 'officer15', role: 'officer', territory: '15', name: 'Айгерім Сәрсенова' },
      { login: 'officer3348', role: 'officer', territory: '3348', name: 'Алия Серікова' },
      { login: 'auditor15', role: 'auditor', territory: '15', name: 'Марат Ахметов' },
      { login: 'recipient', role: 'applicant', iin: APPLICANT, name: 'Сәуле Жақсыбекова' },
    ],
  });
  // The case granted, its budget lines, February's run, and the bank's answer paying TSA.
  const page = await k.newPage('en');
  await k.signIn(page, 'en', 'officer15');
  const ok = (method, url, body) => apiOk(k, page, method, url, body);
  caseId = await grantedTsaCase(k, page, { phone: '+77011234567' });
  for (const programme of ['tsa', 'tsa_child_supplement', 'guaranteed_social_package'])
    await ok('POST', '/api/v1/budgets', { programme, territory: '151000000', year: '2026', allocation: '1000000.00', on: '2026-02-10' });
  const run = await ok('POST', '/api/v1/payments/runs', { date: '2026-02-10' });
  assert.ok(run.orders >= 1, JSON.stringify(run));
  const all = (await ok('GET', '/api/v1/payments/orders')).orders;
  const tsa = all.find((o) => o.programme === 'tsa');
  assert.ok(tsa, JSON.stringify(all));
  const imported = await ok('POST', '/api/v1/payments/results',
    { file_name: 'bank-2026-02-10.txt', content: `${tsa.id};paid;2026-02-10\n`, received_on: '2026-02-10' });
  assert.equal(imported.applied, 1, JSON.stringify(imported));
  await page.context().close();
});
after(async () => {
  if (k) await k.stop();
  if (gateway) await new Promise((resolve) => gateway.close(resolve));
});

test('the applicant sees their payments in the cabinet and on the granted case (Kazakh)', async () => {
  const l = 'kk';
  const m = messages[l];
  const page = await k.newPage(l);
  await k.signIn(page, l, 'recipient');
  orders = (await apiOk(k, page, 'GET', '/api/v1/payments/mine')).orders;
  assert.ok(orders.length >= 1);
  const section = page.locator('section#pay');
  await section.waitFor();
  assert.equal(await section.locator('h2').textContent(), m['mypay.title']);
  const paid = orders.filter((o) => o.status === 'posted');
  assert.equal(paid.length, 1);
  assert.equal(await section.locator('.mypay-total').textContent(), money(l, paid[0].amount_tiyn));
  assert.equal(await section.locator('tbody tr').count(), orders.length);
  // The paid one: its month, amount, status in words, the day paid, where it went, the case.
  const row = section.locator('tbody tr', { hasText: m['mypay.status.posted'] });
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells[0], '02.2026');
  const packs = await apiOk(k, page, 'GET', '/api/v1/packs');
  const tsaTitle = packs.packs.find((p) => p.id === 'kz-tsa').programmes.find((g) => g.id === paid[0].programme).title;
  assert.equal(cells[1], tsaTitle);
  assert.equal(cells[2], money(l, paid[0].amount_tiyn));
  assert.equal(cells[3], paid[0].organisation === 'KAZPOST' ? m['mypay.post'] : `${paid[0].organisation} ${paid[0].account_masked}`);
  assert.equal(cells[4], m['mypay.status.posted']);
  assert.equal(cells[5], localDate(paid[0].settled_on));
  assert.ok(cells[6].length > 0 && cells[6] !== '—', cells.join(' | '));
  // One still on its way says when it is due.
  const pending = orders.find((o) => o.status === 'pending');
  if (pending) {
    const text = await section.locator('tbody tr', { hasText: m['mypay.status.pending'] }).first().textContent();
    assert.ok(text.includes(tr(l, 'mypay.due_on', { date: localDate(pending.payment_on) })), text);
  }
  await k.shot(page, 'payments-01-cabinet-kk');

  // The case page of the granted case lists its payments too.
  await section.locator('tbody tr a[href^="#/portal/case/"]').first().click();
  await k.stateShown(page, l, 'granted');
  const onCase = page.locator('section#case-pay');
  await onCase.waitFor();
  assert.equal(await onCase.locator('h2').textContent(), m['mypay.case_title']);
  assert.equal(await onCase.locator('tbody tr').count(), orders.length);
  assert.equal(await onCase.locator('.mypay-total').textContent(), money(l, paid[0].amount_tiyn));
  await k.shot(page, 'payments-02-case-kk');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // On a phone the cabinet fits the screen.
  const phone = await k.newPage(l, { width: 390, height: 844 });
  await k.signIn(phone, l, 'recipient');
  await phone.locator('section#pay tbody tr').first().waitFor();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
  await k.shot(phone, 'payments-03-cabinet-phone');
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

test('an officer looks a recipient up by IIN and no request URL carries it (Russian)', async () => {
  const l = 'ru';
  const m = messages[l];
  const page = await k.newPage(l);
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  await k.signIn(page, l, 'officer15');
  await page.getByRole('link', { name: m['finance.nav_payments'] }).click();
  const card = page.locator('section[aria-labelledby=recipient-h]');
  await card.waitFor();
  const lookup = card.locator('form');
  const iin = lookup.getByLabel(m['family.iin']);
  // The page's own check: twelve digits.
  await iin.fill('90010130');
  await lookup.getByRole('button', { name: m['recipient.find'] }).click();
  assert.equal(await lookup.locator('[data-error-for=iin]').textContent(), m['recipient.bad_iin']);
  assert.equal(await iin.getAttribute('aria-invalid'), 'true');
  // A wrong check digit: the server's message, in Russian, under the field.
  const wrong = `${APPLICANT.slice(0, 11)}${(Number(APPLICANT[11]) + 1) % 10}`;
  await iin.fill(wrong);
  await lookup.getByRole('button', { name: m['recipient.find'] }).click();
  const error = lookup.locator('[data-error-for=iin]');
  await page.waitForFunction((before) => {
    const e = document.querySelector('.recipient-form [data-error-for=iin]');
    return e && e.textContent && e.textContent !== before;
  }, m['recipient.bad_iin']);
  assert.match(await error.textContent(), /[а-яё]/i);
  // The recipient: their payments with the total paid (double click: one search).
  await iin.fill(APPLICANT);
  await lookup.getByRole('button', { name: m['recipient.find'] }).dblclick();
  const result = card.locator('.recipient-result table');
  await result.waitFor();
  assert.equal(await result.locator('tbody tr').count(), orders.length);
  const paid = orders.filter((o) => o.status === 'posted').reduce((a, o) => a + o.amount_tiyn, 0);
  assert.equal(await card.locator('.recipient-paid').textContent(), money(l, paid));
  assert.ok((await result.textContent()).includes(m['payrun.status.posted']));
  assert.equal(await lookup.locator('[data-error-for=iin]').textContent(), '');
  await k.shot(page, 'payments-04-recipient-ru');
  // The IIN never went into an address; it went in POST bodies, one per submission.
  assert.deepEqual(urls.filter((u) => u.includes(APPLICANT) || u.includes(wrong)), []);
  const searches = urls.filter((u) => u.endsWith('/api/v1/payments/recipient/search'));
  assert.equal(searches.length, 2, searches.join('\n'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an officer runs the proactive offers for a date and lists them by state (English)', async () => {
  const l = 'en';
  const m = messages[l];
  const page = await k.newPage(l);
  await k.signIn(page, l, 'officer3348');
  await page.getByRole('link', { name: m['outreach.nav_offers'] }).click();
  const run = formTitled(page, m['offers.run']);
  await run.waitFor();
  assert.equal(await page.textContent('main h1'), m['offers.title']);
  // A date that is not one: the server names the field.
  await run.getByLabel(m['offers.date']).fill('31.02.2026');
  await run.getByRole('button', { name: m['offers.run_submit'] }).click();
  await run.locator('[data-error-for=date]').filter({ hasText: /\S/ }).waitFor();
  await run.getByLabel(m['offers.date']).fill(localDate('2026-02-10'));
  await run.getByRole('button', { name: m['offers.run_submit'] }).dblclick();
  const summary = page.locator('.offer-run-result');
  await summary.waitFor({ timeout: 60000 });
  assert.ok((await summary.textContent()).includes(tr(l, 'offers.result', { date: '10.02.2026' })));
  const offered = await apiOk(k, page, 'GET', '/api/v1/offers?state=offered');
  assert.ok(offered.length >= 1);
  // A double click ran it once: every offer is counted once in the summary.
  assert.equal(Number(await summary.locator('.offers-made').textContent()), offered.length);
  const box = page.locator('.offers-box');
  await page.waitForFunction((n) => document.querySelectorAll('.offers-box tbody tr').length === n, offered.length);
  const first = offered[0];
  const row = box.locator('tbody tr', { hasText: masked(first.applicant_iin) });
  const text = await row.textContent();
  assert.ok(text.includes(first.applicant_name), text);
  assert.ok(text.includes(money(l, first.programmes[0].amount_per_payment_tiyn)), text);
  assert.ok(text.includes(m['offer.state.offered']), text);
  assert.ok(text.includes(localDate(first.run_date)), text);
  // People are shown by name and masked IIN: no full IIN on the page.
  const pageText = await page.textContent('main');
  assert.deepEqual(offered.filter((o) => pageText.includes(o.applicant_iin)), []);
  await k.shot(page, 'payments-05-offers-en');
  // By state: none declined yet; all offered.
  await page.selectOption('select[name=state]', 'declined');
  await page.waitForFunction(() => document.querySelector('.offers-box tbody td[colspan]'));
  await page.selectOption('select[name=state]', 'offered');
  await page.waitForFunction((n) => document.querySelectorAll('.offers-box tbody tr').length === n && !document.querySelector('.offers-box td[colspan]'), offered.length);

  // An offer's notices: the cabinet message (and an SMS where the person has a number).
  await row.getByRole('link', { name: m['outbox.show'] }).click();
  await page.waitForFunction((ref) => decodeURIComponent(location.hash) === `#/outbox/ref/${ref}`, `offer:${first.id}`);
  const notices = page.locator('section[aria-labelledby=outbox-h]');
  const cabinetRow = notices.locator('tbody tr', { hasText: m['outbox.channel.cabinet'] });
  // The dispatcher delivers every 300 ms; on a loaded machine later: the page is read again
  // until the cabinet notice shows delivered (at most 15 s).
  for (let i = 0; ; ++i) {
    await notices.waitFor();
    if ((await cabinetRow.count()) === 1 && (await cabinetRow.textContent()).includes(m['outbox.status.delivered'])) break;
    assert.ok(i < 60, `the offer's cabinet notice delivered: ${await notices.textContent()}`);
    await page.waitForTimeout(250);
    await page.reload();
    await page.waitForLoadState('networkidle');
  }
  assert.equal(await cabinetRow.count(), 1);
  assert.ok((await cabinetRow.textContent()).includes(m['outbox.topic.cabinet']));
  await k.shot(page, 'payments-06-offer-notices-en');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the outbox lists the notices of the granted case by channel with their attempts (Russian, auditor)', async () => {
  const l = 'ru';
  const m = messages[l];
  const page = await k.newPage(l);
  await k.signIn(page, l, 'auditor15');
  // The decision's notice in the cabinet and its SMS through the gateway, as the API has them.
  let deliveries = [];
  for (let i = 0; i < 100; ++i) {
    deliveries = (await apiOk(k, page, 'GET', `/api/v1/notifications?case=${encodeURIComponent(caseId)}`)).deliveries;
    if (deliveries.some((d) => d.channel === 'sms' && d.status === 'sent') && deliveries.some((d) => d.channel === 'cabinet')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const decision = deliveries.filter((d) => d.topic === 'notice.decision');
  assert.deepEqual(decision.map((d) => `${d.channel}:${d.status}`).sort(), ['cabinet:delivered', 'sms:sent'], JSON.stringify(deliveries));
  assert.ok(sms.length >= 1);
  // Offers are not the auditor's to run, but theirs to read; the outbox is in the menu.
  assert.equal(await page.getByRole('link', { name: m['outreach.nav_offers'] }).count(), 1);
  await page.getByRole('link', { name: m['outreach.nav_outbox'] }).click();
  const pick = page.locator('form.outbox-pick');
  await pick.waitFor();
  await pick.getByLabel(m['outbox.case']).selectOption(caseId);
  await pick.getByRole('button', { name: m['outbox.show'] }).click();
  const notices = page.locator('section[aria-labelledby=outbox-h]');
  await notices.waitFor();
  assert.equal(page.url(), `${k.base}/#/outbox/case/${encodeURIComponent(caseId)}`);
  const rows = notices.locator('tbody tr');
  assert.equal(await rows.count(), deliveries.length);
  for (const d of decision) {
    const row = notices.locator('tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${d.outbox_id}$`) }) })
      .filter({ hasText: m[`outbox.channel.${d.channel}`] });
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[1], m['outbox.topic.notice.decision']);
    assert.equal(cells[2], m[`outbox.channel.${d.channel}`]);
    assert.ok(cells[3].startsWith(m[`outbox.status.${d.status}`]), cells.join(' | '));
    assert.equal(cells[4], String(d.attempts));
  }
  // The cabinet notice's due day (one working day after the decision) is shown.
  const cabinet = decision.find((d) => d.channel === 'cabinet');
  assert.ok((await notices.textContent()).includes(tr(l, 'outbox.due_on', { date: localDate(cabinet.due_on) })));
  // The case opens from here.
  assert.equal(await notices.getByRole('link', { name: m['outbox.open_case'] }).getAttribute('href'), `#/case/${encodeURIComponent(caseId)}`);
  await k.shot(page, 'payments-07-outbox-ru');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // On a phone the outbox fits the screen.
  const phone = await k.newPage(l, { width: 390, height: 844 });
  await k.signIn(phone, l, 'auditor15');
  await phone.goto(`${k.base}/#/outbox/case/${encodeURIComponent(caseId)}`);
  await phone.locator('section[aria-labelledby=outbox-h] tbody tr').first().waitFor();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
  await k.shot(phone, 'payments-08-outbox-phone');
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});
