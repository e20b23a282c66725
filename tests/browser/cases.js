// Setup shared by the browser test files: state the pages under test do not make, brought
// about through the API (k.api) in a signed-in page's session, so that each test spends its
// time on the pages it is about.
import assert from 'node:assert/strict';

// The applicant of the TSA case below (a valid IIN, FACTS §3).
export const APPLICANT = '900101300811';

// A JSON API call that must succeed: its answer, else a failure naming the route and the
// server's message.
export async function apiOk(k, page, method, url, body, expect = [200, 201]) {
  const r = await k.api(page, method, url, body);
  assert.ok(expect.includes(r.status), `${method} ${url}: ${r.status} ${r.text}`);
  return r.json;
}

// A kz-tsa case (three wages, spouse, child) granted by the signed-in officer (territory 15)
// through the API: the sequence of web.test.js's first test. 51,180 ₸ a month for February
// and March 2026. `phone`: the application's mobile number (the decision's SMS goes there).
export async function grantedTsaCase(k, page, { applicant = APPLICANT, phone } = {}) {
  const ok = (method, url, body) => apiOk(k, page, method, url, body);
  const family = {
    territory: '151010000', application_date: '2026-02-10',
    members: [
      { iin: applicant, birth_date: '1990-01-01', relation: 'applicant',
        incomes: ['2025-10', '2025-11', '2025-12'].map((month) => ({ type: 'wages', month, amount: '60000.00' })) },
      { birth_date: '1992-03-01', relation: 'spouse', sex: 'female' },
      { birth_date: '2022-06-15', relation: 'child' },
    ],
  };
  let c = await ok('POST', '/api/v1/cases', { channel: 'authorized_body', pack: 'kz-tsa', family, applicant_name: 'Сәуле Жақсыбекова', phone });
  const id = c.id;
  const step = (path, body = {}) => ok('POST', `/api/v1/cases/${id}/${path}`, body);
  await step('accept');
  c = await step('registry');
  if (c.state === 'awaiting_documents') await step('documents-received');
  await step('commission', { kind: 'district' });
  await step('commission/conclusion', { in_need: true, notes: 'тексерілді' });
  await step('employment', { recommendations: 'vocational training', contract_number: 'SC-15-0001',
    plan: ['alm_vocational_training', 'sa_phc_registration'], job_seekers: [applicant] });
  c = await step('decision');
  assert.equal(c.state, 'granted');
  return id;
}
