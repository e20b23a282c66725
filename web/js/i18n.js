// Messages of the pages in Kazakh, Russian and English (web/i18n/{kk,ru,en}.json). The
// chosen language is kept in localStorage and sent to the API (Accept-Language), so that the
// server's own messages come back in it too.
const LANGS = ['kk', 'ru', 'en'];
let current = 'kk';
let messages = {};

export function lang() { return current; }
export function languages() { return LANGS; }

export async function setLang(code) {
  if (!LANGS.includes(code)) code = 'kk';
  const response = await fetch(`/i18n/${code}.json`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`messages ${code}: ${response.status}`);
  messages = await response.json();
  current = code;
  try { localStorage.setItem('komek.lang', code); } catch { /* private mode: keep it for this page */ }
  document.documentElement.lang = code;
}

export function initialLang() {
  let saved = null;
  try { saved = localStorage.getItem('komek.lang'); } catch { /* ignore */ }
  if (LANGS.includes(saved)) return saved;
  const nav = (navigator.language || '').slice(0, 2);
  return LANGS.includes(nav) ? nav : 'kk';
}

// The message for a key with {name} placeholders filled; a missing key shows itself, so a
// gap in a message file is visible rather than silent.
export function t(key, params = {}) {
  const text = messages[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}
