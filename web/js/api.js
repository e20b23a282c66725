// The API client of the pages. The session is the HttpOnly cookie __Host-komek_session set
// by POST /api/v1/sessions (the page never sees or stores the token). Every state-changing
// request carries X-Requested-With: komek (the API refuses cookie sessions without it, S6)
// and the Idempotency-Key of its form submission.
import { lang } from './i18n.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.field = body && body.field;
  }
}

let onUnauthorized = () => {};
export function whenSignedOut(handler) { onUnauthorized = handler; }

async function call(method, path, { body, key } = {}) {
  const headers = { 'Accept': 'application/json', 'Accept-Language': lang() };
  if (method !== 'GET') {
    headers['X-Requested-With'] = 'komek';
    headers['Content-Type'] = 'application/json';
    if (key) headers['Idempotency-Key'] = key;
  }
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { message: text.slice(0, 200) }; }
  }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/v1/sessions') onUnauthorized();
    throw new ApiError(response.status, data);
  }
  return data;
}

export const get = (path) => call('GET', path);
export const post = (path, body, key) => call('POST', path, { body, key });
export const del = (path) => call('DELETE', path, { key: newKey() });

// A fresh random Idempotency-Key (128 bits).
export function newKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The routes this server offers (its OpenAPI document): pages of modules that have not
// landed on this server yet say so instead of failing.
let routes = null;
export async function offers(method, pattern) {
  if (!routes) {
    try {
      const doc = await get('/api/v1/openapi.json');
      routes = doc.paths || {};
    } catch { routes = {}; }
  }
  return Boolean(routes[pattern] && routes[pattern][method.toLowerCase()]);
}
