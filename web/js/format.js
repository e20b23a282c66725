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
