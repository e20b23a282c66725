// The browser tests' fixture: a `komek serve` on a fresh database with a test clock and the
// accounts a test file asks for, Debian's Chromium driven by playwright-core, pages in a
// language, sign-in, screenshots, money as the pages write it. Each test file starts its own
// server, so files do not depend on each other:
//
//   const k = await startKomek({ clock: '2026-02-10T10:00',
//                                users: [{ login: 'officer15', role: 'officer', territory: '15', name: 'Айгерім' }] });
//   const page = await k.newPage('kk');
//   await k.signIn(page, 'kk', 'officer15');
//   … await k.shot(page, 'kk-01-queue'); await k.stop();
//
// Environment: KOMEK_BINARY (required), KOMEK_WEB_DIR (default: the checkout's web/),
// KOMEK_SCREENSHOTS (default: <binary's folder>/browser-screenshots), CHROMIUM (default
// /usr/bin/chromium).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const axePath = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
const root = path.resolve(here, '../..');
export const binary = process.env.KOMEK_BINARY;
if (!binary) throw new Error('set KOMEK_BINARY to the komek executable');
export const webDir = process.env.KOMEK_WEB_DIR || path.join(root, 'web');
export const shots = process.env.KOMEK_SCREENSHOTS || path.join(path.dirname(path.resolve(binary)), 'browser-screenshots');
export const messages = Object.fromEntries(['kk', 'ru', 'en'].map((l) => [l, JSON.parse(fs.readFileSync(path.join(webDir, 'i18n', `${l}.json`), 'utf8'))]));

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}
async function waitForPort(p, ms, log) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(p, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not listen on ${p}:\n${log()}`);
}

export const password = (login) => `correct horse battery ${login}`;

// A valid IIN (FACTS §3) for a man born on the given date (yymmdd, 1900s), with the first
// serial from `serial` on that gives a check digit.
export function iinFor(yymmdd, serial) {
  for (let s = serial; ; ++s) {
    const head = `${yymmdd}3${String(s).padStart(4, '0')}`;
    const d = Array.from(head, Number);
    let c = d.reduce((a, x, i) => a + x * (i + 1), 0) % 11;
    if (c === 10) c = d.reduce((a, x, i) => a + x * ([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2][i]), 0) % 11;
    if (c !== 10) return head + c;
  }
}

// Money as the pages write it (web/js/format.js), from integer tiyn.
export const money = (l, tiyn) => {
  const whole = String(Math.trunc(tiyn / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, l === 'en' ? ',' : ' ');
  return `${whole}${l === 'en' ? '.' : ','}${String(tiyn % 100).padStart(2, '0')} ₸`;
};
// A date as the pages write it and as date fields take it: dd.mm.yyyy.
export const localDate = (iso) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

// users: [{ login, role, territory = '', iin, name }]; serveArgs: more `komek serve` options.
export async function startKomek({ clock = '2026-02-10T10:00', users = [], registryFamilies = 50, serveArgs = [] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'komek-browser-'));
  fs.mkdirSync(shots, { recursive: true });
  const clockFile = path.join(dir, 'clock');
  fs.writeFileSync(clockFile, clock);
  const db = path.join(dir, 'komek.db');
  const addUser = ({ login, role, territory = '', iin = null, name = null }) => {
    const pw = path.join(dir, `pw-${login}`);
    fs.writeFileSync(pw, `${password(login)}\n`);
    const args = ['users', 'add', '--db', db, '--login', login, '--role', role, '--territory', territory, '--password-file', pw];
    if (iin) args.push('--iin', iin);
    // A region's code is a wide scope: granted explicitly, as an administrator would.
    if (territory.length === 2) args.push('--grant-wide-scope', 'test fixture: a whole region');
    if (name) args.push('--name', name);
    execFileSync(binary, args, { stdio: 'pipe' });
  };
  users.forEach(addUser);
  const port = await freePort();
  let serverLog = '';
  const server = spawn(binary, ['serve', '--db', db, '--port', String(port), '--clock', clockFile,
    '--web', webDir, '--registry-families', String(registryFamilies), '--notify-interval', '300', ...serveArgs],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (b) => { serverLog += b; });
  server.stderr.on('data', (b) => { serverLog += b; });
  await waitForPort(port, 60000, () => serverLog);
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });

  const k = {
    dir, db, base, browser, server, addUser,
    log: () => serverLog,
    setClock: (text) => fs.writeFileSync(clockFile, text),
    // contextOptions: more browser-context options (the accessibility audit's bypassCSP).
    async newPage(l, viewport = { width: 1280, height: 900 }, contextOptions = {}) {
      const context = await browser.newContext({ viewport, locale: l, ...contextOptions });
      const page = await context.newPage();
      const problems = [];
      // Chromium logs every 4xx answer as a console error; those are expected here (refusals
      // the pages show). Anything else — a script error, a CSP violation — is a failure.
      page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.problems = problems;
      await page.goto(`${base}/`);
      await page.selectOption('#lang-select', l);
      await page.waitForFunction((code) => document.documentElement.lang === code, l);
      // The switch re-renders the page: wait until that is done before typing into it.
      await page.waitForLoadState('networkidle');
      await page.waitForSelector('#main h1');
      return page;
    },
    async signIn(page, l, login) {
      const m = messages[l];
      await page.getByLabel(m['login.login']).fill(login);
      await page.getByLabel(m['login.password']).fill(password(login));
      await page.getByRole('button', { name: m['login.submit'] }).click();
      await page.waitForSelector('#sign-out:not([hidden])');
    },
    shot: (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true }),
    // The badge of a case page shows the state: waits for it, else a screenshot and the
    // messages on the page.
    async stateShown(page, l, state) {
      try {
        await page.waitForFunction((text) => document.querySelector('h1 .badge') && document.querySelector('h1 .badge').textContent === text,
          messages[l][`state.${state}`], { timeout: 15000 });
      } catch (e) {
        await k.shot(page, `failed-${l}-${state}`);
        const alerts = await page.locator('.form-error, .field-error').allTextContents();
        throw new Error(`state ${state} not shown; messages on the page: ${alerts.filter(Boolean).join(' | ')}`);
      }
    },
    press: (page, label) => page.getByRole('button', { name: label, exact: true }).click(),
    // A JSON API call in the page's session (cookie + the CSRF header), for setting up state.
    api: (page, method, url, body) => page.evaluate(async ([m, u, b]) => {
      const headers = { 'X-Requested-With': 'komek', 'Content-Type': 'application/json' };
      if (m !== 'GET') headers['Idempotency-Key'] = `${Date.now()}-${Math.random()}`;
      const r = await fetch(u, { method: m, headers, body: b === undefined ? undefined : JSON.stringify(b) });
      const text = await r.text();
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      return { status: r.status, json, text };
    }, [method, url, body]),
    // The WCAG 2.1 A/AA rules of axe-core on the page as it stands: the violations, each as
    // "rule (impact): help — the first elements". The page's context must be made with
    // { bypassCSP: true }: axe is injected as a script the Content-Security-Policy would refuse.
    async audit(page) {
      if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }));
      return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    },
    async stop() {
      await browser.close();
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => server.on('exit', r));
      }
      // The server's output, for a failure's post-mortem.
      fs.writeFileSync(path.join(shots, `server-${path.basename(dir)}.log`), serverLog);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return k;
}
