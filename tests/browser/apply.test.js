// The application form and documents in a real browser (issue 8 items 1, 2, 5, 7): the
// applicant fills the family in from the state registries (the fields marked, the names shown,
// everything editable), submits, and uploads a PDF on their case page; the officer sees it on
// the case page and downloads the same bytes. Dates typed as the pages print them (dd.mm.yyyy,
// mm.yyyy) reach the API as ISO, and a date that does not exist gets the server's message next
// to its field.
//
//   KOMEK_BINARY=build-web/komek node --test tests/browser/apply.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKomek, messages, iinFor, localDate, binary } from './support.js';

// The synthetic registry of `komek serve` (Koksu district, 334800000, by default) with this
// many families. A family it knows is found the way an operator would: `komek offers run`
// over the same registry, on a scratch database, lists the families it evaluated eligible.
const FAMILIES = 200;
const CLOCK = '2026-02-10T10:00';

function registryApplicant() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'komek-offers-'));
  try {
    fs.writeFileSync(path.join(dir, 'clock'), CLOCK);
    const out = execFileSync(binary, ['offers', 'run', '--date', CLOCK.slice(0, 10), '--db', path.join(dir, 'scratch.db'),
      '--clock', path.join(dir, 'clock'), '--registry-families', String(FAMILIES), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const text = out.toString();
    const offers = JSON.parse(text.slice(text.indexOf('{'))).offers;
    assert.ok(offers.length > 0, 'the synthetic registry has a family to offer to');
    return { iin: offers[0].applicant_iin, name: offers[0].applicant_name };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The text an input shows. Its own `value` (the page's world) gives ISO for date fields;
// Playwright's inputValue() runs in an isolated world and sees the text too.
const shown = (page, selector) => page.$eval(selector, (el) => Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').get.call(el));

// A tiny valid PDF (one empty page), made here.
function tinyPdf() {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => { offsets.push(body.length); body += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

let k;
let known;
before(async () => {
  known = registryApplicant();
  k = await startKomek({
    clock: CLOCK,
    registryFamilies: FAMILIES,
    users: [
      { login: 'officer-koksu', role: 'officer', territory: '3348', name: 'Айгерім Сәрсенова' },
      { login: 'citizen-reg', role: 'applicant', iin: known.iin, name: known.name },
      { login: 'citizen-dates', role: 'applicant', iin: iinFor('870707', 2200), name: 'Дәурен Күнтуған' },
    ],
  });
});
after(async () => { if (k) await k.stop(); });

test('the applicant fills the form from the registries, submits, uploads a PDF; the officer downloads it (ru, en)', async () => {
  const m = messages.ru;
  const applicant = await k.newPage('ru');
  await k.signIn(applicant, 'ru', 'citizen-reg');
  await applicant.getByRole('link', { name: m['portal.apply'] }).first().click();
  await applicant.waitForSelector('form.application select[name=pack]');
  await applicant.selectOption('select[name=pack]', 'kz-tsa');
  await applicant.getByRole('button', { name: m['prefill.button'] }).click();
  await applicant.waitForSelector('.prefill-result .notice-ok');
  // What the registries answered, to compare with the form (the applicant's own route).
  const answer = (await k.api(applicant, 'GET', '/api/v1/me/registry-prefill')).json;
  const members = answer.family.members;
  assert.ok(members.length >= 1);
  assert.equal(members[0].iin, known.iin);
  assert.equal(answer.family_has_tsa, false);
  assert.equal(answer.members_in_one_settlement, true);
  assert.equal(await applicant.locator('.prefill-result .warning[role=alert]').count(), 0, 'no 004 §7-1 warning');
  assert.equal(await applicant.locator('fieldset.member').count(), members.length);
  const from = m['prefill.from_registry'];
  for (const [i, member] of members.entries()) {
    const p = `family.members[${i}]`;
    assert.equal(await applicant.inputValue(`input[name="${p}.iin"]`), member.iin);
    assert.equal(await applicant.inputValue(`select[name="${p}.relation"]`), member.relation);
    // The birth date shows dd.mm.yyyy and reads back as ISO.
    assert.equal(await shown(applicant, `input[name="${p}.birth_date"]`), localDate(member.birth_date));
    assert.equal(await applicant.$eval(`input[name="${p}.birth_date"]`, (el) => el.value), member.birth_date);
    // Marked in words, and the name from the registries beside the member.
    const block = applicant.locator('fieldset.member').nth(i);
    const iinLabel = applicant.locator(`label[for="${await applicant.getAttribute(`input[name="${p}.iin"]`, 'id')}"]`);
    assert.ok((await iinLabel.textContent()).includes(from), `member ${i + 1}'s IIN marked`);
    assert.ok((await block.locator('legend').textContent()).includes(answer.names[i]), `the name of member ${i + 1}`);
    for (const [j, income] of (member.incomes || []).entries()) {
      const q = `${p}.incomes[${j}]`;
      assert.equal(await shown(applicant, `input[name="${q}.month"]`), `${income.month.slice(5)}.${income.month.slice(0, 4)}`);
      assert.equal(await shown(applicant, `input[name="${q}.amount"]`), income.amount.replace('.', ','), 'the amount in the Russian form');
      assert.equal(await applicant.inputValue(`select[name="${q}.type"]`), income.type);
    }
    // A year of monthly incomes is folded under its summary: how many and their sum.
    const n = (member.incomes || []).length;
    if (n > 3) {
      assert.equal(await block.locator('details.income-list').getAttribute('open'), null, `member ${i + 1}'s incomes folded`);
      assert.ok((await block.locator('details.income-list > summary').textContent()).includes(String(n)));
    }
  }
  assert.ok((await applicant.locator('.field:has(input[name="family.territory"]) label').textContent()).includes(from));
  assert.equal(await applicant.inputValue('input[name="family.territory"]'), answer.family.territory);
  for (const item of answer.no_data) assert.ok((await applicant.textContent('.prefill-result')).includes(item.slice(item.indexOf('('))), item);
  // Everything stays editable; a changed field says so, and the mark comes back with the value.
  const territoryLabel = applicant.locator('.field:has(input[name="family.territory"]) label');
  await applicant.fill('input[name="family.territory"]', '151010000');
  assert.ok((await territoryLabel.textContent()).includes(m['prefill.changed']));
  await applicant.fill('input[name="family.territory"]', answer.family.territory);
  assert.ok((await territoryLabel.textContent()).includes(from));
  await k.shot(applicant, 'ru-21-apply-prefilled');

  await applicant.getByRole('button', { name: m['apply.submit'] }).click();
  await k.stateShown(applicant, 'ru', 'registered');
  const number = (await applicant.textContent('h1')).match(/\d{2,4}-\d{4}-\d{6}/)[0];

  // Documents on the case page: the page's own 5 MiB check, the server's check of the bytes,
  // then a real PDF.
  await applicant.waitForSelector('#docs form.doc-upload');
  const docs = applicant.locator('#docs');
  await docs.locator('input[type=file]').setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 0x25) });
  await docs.getByRole('button', { name: m['doc.upload'] }).click();
  const fileError = docs.locator('[data-error-for="content"]');
  await fileError.waitFor({ state: 'visible' });
  assert.equal(await fileError.textContent(), m['doc.too_large'].replace('{mb}', '5'));
  await docs.locator('input[type=file]').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
  await docs.getByRole('button', { name: m['doc.upload'] }).click();
  await applicant.waitForFunction((before) => {
    const e = document.querySelector('#docs [data-error-for="content"]');
    return e && e.textContent && e.textContent !== before;
  }, m['doc.too_large'].replace('{mb}', '5'), { timeout: 15000 }).catch(async (e) => {
    await k.shot(applicant, 'failed-ru-document-refused');
    throw new Error(`no server message under the file field: ${(await docs.locator('.form-error, .field-error').allTextContents()).join(' | ')}`);
  });
  const serverMessage = await fileError.textContent();
  assert.ok(serverMessage.length > 5 && !serverMessage.startsWith('HTTP'), `the server's message: ${serverMessage}`);
  assert.equal(await docs.locator('input[type=file]').getAttribute('aria-invalid'), 'true');
  await k.shot(applicant, 'ru-22-document-refused');
  const pdf = tinyPdf();
  await docs.locator('select[name=kind]').selectOption('identity');
  await docs.locator('input[type=file]').setInputFiles({ name: 'паспорт.pdf', mimeType: 'application/pdf', buffer: pdf });
  await docs.getByLabel(m['doc.note']).fill('копия');
  await docs.getByRole('button', { name: m['doc.upload'] }).click();
  await applicant.waitForSelector('#docs tbody a[download]');
  assert.ok((await docs.textContent()).includes(m['doc.uploaded'].replace('{name}', 'паспорт.pdf')));
  assert.ok((await docs.locator('tbody').textContent()).includes(m['doc.kind.identity']));
  await k.shot(applicant, 'ru-23-document-uploaded');

  // The officer (in English) sees it on the case page and downloads the same bytes.
  const officer = await k.newPage('en');
  await k.signIn(officer, 'en', 'officer-koksu');
  await officer.getByRole('link', { name: number }).first().click();
  await k.stateShown(officer, 'en', 'registered');
  await officer.waitForSelector('#docs tbody a[download]');
  const row = officer.locator('#docs tbody tr', { hasText: 'паспорт.pdf' });
  assert.ok((await row.textContent()).includes(messages.en['doc.kind.identity']));
  assert.ok((await row.textContent()).includes('citizen-reg'));
  const [download] = await Promise.all([officer.waitForEvent('download'), row.locator('a[download]').click()]);
  assert.equal(download.suggestedFilename(), 'паспорт.pdf');
  assert.deepEqual(fs.readFileSync(await download.path()), pdf);
  await k.shot(officer, 'en-24-case-documents');
  // A date field given an ISO value shows it in the local form (the dashboard's period).
  const urls = [];
  officer.on('request', (r) => urls.push(r.url()));
  await officer.getByRole('link', { name: messages.en['nav.dashboard'] }).click();
  await officer.waitForSelector('svg.chart');
  await officer.getByLabel(messages.en['dashboard.from']).fill('01.01.2026');
  await officer.getByLabel(messages.en['dashboard.to']).fill('10.02.2026');
  const typed = await officer.$('input[name=from]');
  await officer.getByRole('button', { name: messages.en['dashboard.apply'] }).click();
  // The page is drawn again for the period, its fields made anew from the ISO dates.
  await officer.waitForFunction((el) => !el.isConnected, typed);
  await officer.waitForSelector('svg.chart');
  assert.ok(urls.some((u) => u.includes('from=2026-01-01') && u.includes('to=2026-02-10')), urls.join(' '));
  assert.equal(await shown(officer, 'input[name=from]'), '01.01.2026');
  assert.equal(await shown(officer, 'input[name=to]'), '10.02.2026');
  assert.deepEqual(applicant.problems, []);
  assert.deepEqual(officer.problems, []);
  await applicant.context().close();
  await officer.context().close();
});

test('dates in the local form: 15.06.2022 is sent as 2022-06-15; a day that does not exist gets the server message (kk)', async () => {
  const m = messages.kk;
  const page = await k.newPage('kk');
  await k.signIn(page, 'kk', 'citizen-dates');
  // The page's own conversions (web/js/format.js), in the browser that runs them.
  const conversions = await page.evaluate(async () => {
    const f = await import('/js/format.js');
    return [f.parseLocalDate('15.06.2022'), f.parseLocalDate('5.6.2022'), f.parseLocalDate('15062022'), f.parseLocalDate('2022-06-15'),
      f.parseLocalDate('29.02.2024'), f.parseLocalDate('29.02.2025'), f.parseLocalDate('31.04.2022'), f.parseLocalDate('15/06/2022'),
      f.parseLocalMonth('10.2025'), f.parseLocalMonth('13.2025'), f.dateInputText('2022-06-15'), f.monthInputText('2025-10'), f.formatDate('2022-06-15')];
  });
  assert.deepEqual(conversions, ['2022-06-15', '2022-06-05', '2022-06-15', '2022-06-15', '2024-02-29', null, null, null,
    '2025-10', null, '15.06.2022', '10.2025', '15.06.2022']);

  await page.getByRole('link', { name: m['portal.apply'] }).first().click();
  await page.waitForSelector('form.application select[name=pack]');
  // The registries do not know this applicant: their answer is shown, the form stays empty.
  await page.getByRole('button', { name: m['prefill.button'] }).click();
  const refusal = page.locator('.prefill-result .form-error');
  await refusal.waitFor({ state: 'visible' });
  // The server's message in Kazakh, naming the IIN masked.
  const said = await refusal.textContent();
  assert.ok(said.includes(iinFor('870707', 2200).slice(0, 4)) && said.includes('ЖСН'), said);
  assert.equal(await page.locator('fieldset.member').count(), 1);
  const birth = page.locator('input[name="family.members[0].birth_date"]');
  assert.equal(await birth.getAttribute('type'), 'text');
  assert.equal(await birth.getAttribute('inputmode'), 'numeric');
  assert.ok(await birth.getAttribute('pattern'));
  const hint = await page.textContent(`#${await birth.getAttribute('aria-describedby').then((d) => d.split(' ')[0])}`);
  assert.equal(hint, m['date.hint'].replace('{format}', m['date.format']).replace('{example}', '15.06.2022'));
  await page.selectOption('select[name=pack]', 'kz-tsa');
  await page.getByLabel(m['family.territory']).fill('151010000');
  await page.fill('input[name="family.members[0].iin"]', iinFor('870707', 2200));
  await birth.fill('07.07.1987');
  await page.getByRole('button', { name: m['family.add_income'] }).click();
  await page.fill('input[name="family.members[0].incomes[0].month"]', '12.2025');
  await page.fill('input[name="family.members[0].incomes[0].amount"]', '85000');
  await page.getByRole('button', { name: m['family.add_member'] }).click();
  await page.selectOption('select[name="family.members[1].relation"]', 'child');
  const child = page.locator('input[name="family.members[1].birth_date"]');
  // Written short, shown in full once the field is left.
  await child.fill('5.6.2022');
  await child.press('Tab');
  assert.equal(await shown(page, 'input[name="family.members[1].birth_date"]'), '05.06.2022');
  await child.fill('31.02.2022');

  const sent = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/cases')) sent.push(JSON.parse(r.postData())); });
  await page.getByRole('button', { name: m['apply.submit'] }).click();
  const error = page.locator('[data-error-for="family.members[1].birth_date"]');
  await error.waitFor({ state: 'visible' });
  assert.ok((await error.textContent()).length > 5, 'the server names the field');
  assert.equal(await child.getAttribute('aria-invalid'), 'true');
  assert.equal(sent[0].family.members[1].birth_date, '31.02.2022', 'a day that does not exist is sent as typed');
  await k.shot(page, 'kk-25-bad-date');
  const list = await page.evaluate(() => fetch('/api/v1/cases').then((r) => r.json()));
  assert.equal(list.cases.length, 0);

  await child.fill('15.06.2022');
  await page.getByRole('button', { name: m['apply.submit'] }).click();
  await k.stateShown(page, 'kk', 'registered');
  const body = sent[sent.length - 1];
  assert.equal(body.family.members[0].birth_date, '1987-07-07');
  assert.equal(body.family.members[1].birth_date, '2022-06-15');
  assert.deepEqual(body.family.members[0].incomes, [{ type: body.family.members[0].incomes[0].type, month: '2025-12', amount: '85000' }]);
  await k.shot(page, 'kk-26-registered');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
