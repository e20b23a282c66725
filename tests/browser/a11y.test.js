// Accessibility (issue 8 item 5, WCAG 2.1 AA as the aim): axe-core's WCAG 2.1 A and AA rules
// on every main page of each role (the caseworker's include offers, the notification outbox
// and the special social services), in Kazakh and on a phone-sized screen too — no violation
// at any impact. Also: every page states its language, and every form field can be reached
// with the keyboard and has a label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKomek, iinFor } from './support.js';

const APPLICANT = iinFor('910411', 3300);
let k;
before(async () => {
  k = await startKomek({
    clock: '2026-02-10T10:00',
    users: [
      { login: 'officer15', role: 'officer', territory: '15', name: 'Айгерім Сәрсенова' },
      { login: 'citizen', role: 'applicant', iin: APPLICANT, name: 'Сәуле Жақсыбекова' },
      { login: 'bank1', role: 'third_party', iin: iinFor('770707', 2100), name: 'Әсел Банкова' },
    ],
  });
});
after(async () => { if (k) await k.stop(); });

// Opens a page of the app by its hash route and waits until it has rendered.
async function open(page, route) {
  await page.goto(`${k.base}/${route}`);
  await page.waitForSelector('#main h1');
  await page.waitForLoadState('networkidle');
}

async function auditAll(l, login, routes, viewport) {
  const page = await k.newPage(l, viewport, { bypassCSP: true });
  await k.signIn(page, l, login);
  const found = [];
  for (const route of routes) {
    await open(page, route);
    assert.equal(await page.evaluate(() => document.documentElement.lang), l, `${route}: the page states its language`);
    for (const v of await k.audit(page)) found.push(`${route}: ${v}`);
    // Every visible input, select and textarea has a label that names it.
    const unlabelled = await page.evaluate(() => Array.from(document.querySelectorAll('#main input, #main select, #main textarea'))
      .filter((e) => e.type !== 'hidden' && e.offsetParent !== null)
      .filter((e) => !(e.labels && e.labels.length && e.labels[0].textContent.trim()) && !e.getAttribute('aria-label'))
      .map((e) => e.name || e.id));
    assert.deepEqual(unlabelled, [], `${route}: inputs without a label`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
  return found;
}

test('the applicant\'s pages pass the WCAG 2.1 AA rules of axe-core', async () => {
  // A case of the applicant's own, so that the case page has content.
  const page = await k.newPage('kk');
  await k.signIn(page, 'kk', 'citizen');
  const made = await k.api(page, 'POST', '/api/v1/cases', { pack: 'kz-tsa', applicant_name: 'Сәуле Жақсыбекова',
    family: { territory: '151010000', application_date: '2026-02-10', members: [{ relation: 'applicant', iin: APPLICANT, birth_date: '1991-04-11' }] } });
  assert.equal(made.status, 201, made.text);
  await page.context().close();
  const violations = [
    ...await auditAll('kk', 'citizen', ['#/portal', '#/portal/apply', `#/portal/case/${made.json.id}`]),
    ...await auditAll('ru', 'citizen', ['#/portal/apply'], { width: 390, height: 844 }),
  ];
  assert.deepEqual(violations, []);
});

test('the caseworker\'s pages pass the WCAG 2.1 AA rules of axe-core', async () => {
  const page = await k.newPage('kk');
  await k.signIn(page, 'kk', 'officer15');
  const list = await k.api(page, 'GET', '/api/v1/cases');
  assert.ok(list.json.cases.length >= 1, list.text);
  await page.context().close();
  const violations = [
    ...await auditAll('kk', 'officer15', ['#/queue', `#/case/${list.json.cases[0].id}`, '#/complaints', '#/search', '#/journal',
      '#/dashboard', '#/budgets', '#/payments', '#/holiday-lists', '#/offers', '#/outbox', `#/outbox/case/${list.json.cases[0].id}`,
      '#/social', '#/social/assess', '#/social/report']),
    ...await auditAll('en', 'officer15', ['#/queue', '#/dashboard'], { width: 390, height: 844 }),
  ];
  assert.deepEqual(violations, []);
});

test('the sign-in and third-party pages pass the WCAG 2.1 AA rules of axe-core', async () => {
  const page = await k.newPage('kk', undefined, { bypassCSP: true });
  const signIn = await k.audit(page);
  assert.deepEqual(signIn, []);
  await page.context().close();
  assert.deepEqual(await auditAll('kk', 'bank1', ['#/third-party']), []);
});
