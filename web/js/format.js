// Local formats: dates as dd.mm.yyyy, money from integer tiyn as "1 234 567,89 ₸" (kk, ru)
// or "1,234,567.89 ₸" (en) — the same as the server's Money::format. No floating point:
// tiyn are split with integer arithmetic (BigInt when beyond 2^53).
import { lang } from './i18n.js';

export function formatDate(iso) {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const time = /T(\d{2}:\d{2})/.exec(iso);
  return `${m[3]}.${m[2]}.${m[1]}` + (time ? ` ${time[1]}` : '');
}

export function formatMonth(ym) {
  const m = /^(\d{4})-(\d{2})$/.exec(ym || '');
  return m ? `${m[2]}.${m[1]}` : (ym || '—');
}

function group(digits, sep) {
  let out = '';
  for (let i = 0; i < digits.length; ++i) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
    out += digits[i];
  }
  return out;
}

export function formatMoney(tiyn) {
  if (tiyn === null || tiyn === undefined) return '—';
  const v = BigInt(tiyn);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = (a / 100n).toString();
  const frac = (a % 100n).toString().padStart(2, '0');
  const en = lang() === 'en';
  return `${neg ? '-' : ''}${group(whole, en ? ',' : ' ')}${en ? '.' : ','}${frac} ₸`;
}

// "12345,67" or "12 345.67" typed by a person → "12345.67" for the API (tenge, two decimals
// at most); null when it is not an amount.
export function parseTenge(text) {
  const s = String(text || '').replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^\d{1,12}(\.\d{1,2})?$/.test(s) ? s : null;
}

// Dates typed into the pages' inputs, in the same local form as they are printed (dd.mm.yyyy,
// months mm.yyyy) for every language; the API takes ISO (yyyy-mm-dd, yyyy-mm). A day or a
// month that is written right but does not exist (31.02.2026, 13.2025) is not a date: null,
// and the input sends the text as typed so that the server names the field.
const pad2 = (n) => String(n).padStart(2, '0');
const daysIn = (y, m) => [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

// "15.06.2022" (also "5.6.2022", "15062022" from a phone's digit keypad, or ISO as the API
// writes it) → "2022-06-15"; null otherwise.
export function parseLocalDate(text) {
  const s = String(text ?? '').trim();
  const local = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s) || /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!local && !iso) return null;
  const [y, m, d] = local ? [local[3], local[2], local[1]].map(Number) : [iso[1], iso[2], iso[3]].map(Number);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

// "06.2022" (also "6.2022", "062022", or "2022-06") → "2022-06"; null otherwise.
export function parseLocalMonth(text) {
  const s = String(text ?? '').trim();
  const local = /^(\d{1,2})\.(\d{4})$/.exec(s) || /^(\d{2})(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})$/.exec(s);
  if (!local && !iso) return null;
  const [y, m] = local ? [local[2], local[1]].map(Number) : [iso[1], iso[2]].map(Number);
  if (y < 1 || m < 1 || m > 12) return null;
  return `${String(y).padStart(4, '0')}-${pad2(m)}`;
}

// What a date input shows for a value: ISO becomes dd.mm.yyyy (mm.yyyy); empty stays empty;
// anything else (text the person typed) is shown as it is.
export function dateInputText(value) {
  const s = String(value ?? '');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : s;
}
export function monthInputText(value) {
  const s = String(value ?? '');
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  return m ? `${m[2]}.${m[1]}` : s;
}

// An amount in the family format ("60000.00", tenge) as a person writes it on the page:
// "60000,00" in kk and ru, "60000.00" in en (parseTenge reads either back).
export function tengeInputText(amount) {
  const s = String(amount ?? '');
  return lang() === 'en' ? s : s.replace('.', ',');
}
