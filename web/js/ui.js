// Building blocks of the pages: elements without innerHTML (no markup injection from data),
// labelled fields with their error slot, and forms that submit once per submission.
import { t } from './i18n.js';
import { newKey, ApiError } from './api.js';
import { parseLocalDate, parseLocalMonth, dateInputText, monthInputText } from './format.js';

// h('p', {class: 'x'}, 'text', child, …): an element; strings become text nodes.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Date and month fields are text inputs in the local form (dd.mm.yyyy, mm.yyyy — as the pages
// print dates, in every language), not the browser's date picker, whose format follows the
// browser's locale rather than the page's. Their `value` stays ISO for the code that reads
// and sets it: see localDateValue.
const DATE_KINDS = {
  date: { parse: parseLocalDate, show: dateInputText, format: 'date.format', example: '15.06.2022',
          pattern: '\\d{1,2}\\.\\d{1,2}\\.\\d{4}|\\d{8}', maxlength: 10 },
  month: { parse: parseLocalMonth, show: monthInputText, format: 'date.month_format', example: '11.2025',
           pattern: '\\d{1,2}\\.\\d{4}|\\d{6}', maxlength: 7 },
};
const nativeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');

// The input's own `value`: reading gives ISO (yyyy-mm-dd, yyyy-mm) when the text is a date,
// else the text as typed (the server then names the field, as for amounts); setting ISO
// shows the local form. When the person leaves the field, a date they wrote short
// (5.6.2022) is shown in full.
function localDateValue(input, kind) {
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() { const text = nativeValue.get.call(this); return kind.parse(text) ?? text.trim(); },
    set(v) { nativeValue.set.call(this, kind.show(v)); },
  });
  input.addEventListener('change', () => {
    const iso = kind.parse(nativeValue.get.call(input));
    if (iso) nativeValue.set.call(input, kind.show(iso));
  });
}

let seq = 0;
// A labelled input with a hint and an error slot linked by aria-describedby. `name` is the
// API's field name (e.g. "family.members[0].iin"): server errors naming it land here.
// type 'date' and 'month' take dd.mm.yyyy and mm.yyyy, their value is ISO (see DATE_KINDS).
export function field({ name, label, type = 'text', value = '', required = false, hint = '', options = null,
                        attrs = {}, inline = false }) {
  const id = `f${++seq}`;
  const errorId = `${id}-error`;
  const dateKind = !options && DATE_KINDS[type];
  if (dateKind) {
    const format = t('date.hint', { format: t(dateKind.format), example: dateKind.example });
    hint = hint ? `${hint}. ${format}` : format;
  }
  const hintId = hint ? `${id}-hint` : null;
  let input;
  if (options) {
    input = h('select', { id, name, required });
    for (const o of options) input.append(h('option', { value: o.value, selected: String(o.value) === String(value) }, o.label));
  } else if (type === 'textarea') {
    input = h('textarea', { id, name, required, ...attrs });
    input.value = value;
  } else if (dateKind) {
    input = h('input', { id, name, type: 'text', required, inputmode: 'numeric', pattern: dateKind.pattern,
      maxlength: dateKind.maxlength, placeholder: t(dateKind.format), autocomplete: 'off', ...attrs });
    input.dataset.kind = type;
    localDateValue(input, dateKind);
    input.value = value;
  } else {
    input = h('input', { id, name, type, required, ...attrs });
    if (type === 'checkbox') input.checked = Boolean(value);
    else input.value = value;
  }
  input.dataset.field = name;
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  const labelEl = h('label', { for: id }, label, required ? h('span', { 'aria-hidden': 'true' }, ' *') : null);
  const wrap = h('div', { class: inline ? 'field inline' : 'field' },
    inline ? [input, labelEl] : [labelEl, hint ? h('span', { id: hintId, class: 'hint' }, hint) : null, input],
    h('span', { id: errorId, class: 'field-error', 'data-error-for': name }));
  wrap.input = input;
  return wrap;
}

// Marks a field whose value came from elsewhere (the state registries) with visible words in
// its label, not colour only; when the person changes the value the mark says so, and it comes
// back if they restore it. `from` and `changed` are the two texts.
export function markSource(wrap, from, changed) {
  const input = wrap.input;
  const original = input.type === 'checkbox' ? input.checked : input.value;
  const mark = h('span', { class: 'badge info source' }, from);
  wrap.querySelector('label').append(' ', mark);
  wrap.dataset.source = 'registry';
  const update = () => {
    const same = (input.type === 'checkbox' ? input.checked : input.value) === original;
    mark.textContent = same ? from : changed;
    mark.className = same ? 'badge info source' : 'badge warn source';
    wrap.dataset.source = same ? 'registry' : 'changed';
  };
  input.addEventListener('input', update);
  input.addEventListener('change', update);
  return wrap;
}

// Puts an API error next to the field it names, else at the top of the form. A field name
// the form does not have exactly is matched by its longest known prefix
// ("family.members[0].incomes[1].amount" → the member's income amount, else the member).
export function showError(form, error) {
  clearErrors(form);
  const message = error instanceof ApiError ? error.message : t('error.network');
  const name = error && error.field;
  let slot = null;
  if (name) {
    let candidate = name;
    while (candidate && !slot) {
      slot = form.querySelector(`[data-error-for="${CSS.escape(candidate)}"]`);
      const cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
      candidate = cut > 0 ? candidate.slice(0, cut) : '';
    }
  }
  if (slot) {
    // A slot inside folded content (a member's incomes) is unfolded so the message is seen.
    for (let d = slot.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
    slot.textContent = message;
    const input = form.querySelector(`[data-field="${CSS.escape(slot.dataset.errorFor)}"]`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  } else {
    const top = form.querySelector('.form-error');
    top.textContent = message;
    top.focus();
  }
}
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const top = form.querySelector('.form-error');
  if (top) top.textContent = '';
}

// A form that sends one request per submission: the Idempotency-Key is made when the form
// is shown and kept while the same content is resent (a double click, a retry after a
// network error), and renewed when the person changes anything. The button is disabled
// while the request is in flight.
export function form({ title, fields = [], submit, send, done, extra = [], cls = '' }) {
  let key = newKey();
  const button = h('button', { type: 'submit' }, submit);
  const el = h('form', { class: cls, novalidate: true },
    title ? h('h3', {}, title) : null,
    h('div', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    fields, extra, h('div', { class: 'actions' }, button));
  el.addEventListener('input', () => { key = newKey(); });
  el.addEventListener('change', () => { key = newKey(); });
  let busy = false;
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    clearErrors(el);
    // The page's own checks first (required fields), with the same placement as the server's.
    for (const input of el.querySelectorAll('[required]')) {
      if (input.type !== 'checkbox' && !String(input.value).trim()) {
        showError(el, Object.assign(new ApiError(400, { message: t('error.required'), field: input.dataset.field })));
        return;
      }
    }
    busy = true;
    button.disabled = true;
    try {
      const result = await send(key);
      if (done) await done(result);
    } catch (e) {
      showError(el, e);
      if (e instanceof ApiError && e.status === 422) key = newKey();
    } finally {
      busy = false;
      button.disabled = false;
    }
  });
  return el;
}

// A one-button command (no fields), also once per click series.
export function command(label, send, done, cls = '') {
  return form({ fields: [], submit: label, send, done, cls });
}

export function table(columns, rows, { caption } = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'responsive' },
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.length === 0
        ? h('tr', {}, h('td', { colspan: columns.length }, t('common.none')))
        // The cell's content in one wrapper: on a phone the cell is a label/content grid.
        : rows.map((r) => h('tr', {}, columns.map((c) => h('td', { 'data-label': c.label, class: c.num ? 'num' : null },
          h('div', { class: 'cell' }, c.cell(r)))))))));
}

export function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

export function badge(text, kind = 'info') { return h('span', { class: `badge ${kind}` }, text); }

export function stateBadge(state) {
  const kind = { granted: 'ok', refused: 'bad', refused_to_accept: 'bad', hearing: 'warn' }[state] || 'info';
  return badge(t(`state.${state}`), kind);
}

// Replaces a container's content; null/false children (optional sections) are left out.
export function fill(main, ...children) {
  main.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

export function loading(main) {
  main.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('common.loading')));
}

export function failure(main, error) {
  main.replaceChildren(h('div', { class: 'form-error', role: 'alert' }, error && error.message ? error.message : t('error.network')));
}
