// Documents on a case (001 §11): what the registries had no data on is brought as documents —
// identity, the family's income, a proof of the ground of need. The applicant uploads scans or
// photographs on the portal while the case is open, intake staff at the desk; both see the
// list with download links and what is still to bring. Shared by the applicant's case page
// (portal.js) and the officer's (staff.js); left out when the server lacks the routes.
//
//   GET  /api/v1/cases/{id}/documents        {"documents": [...], "required": [{kind, person, item}], "limits": {...}}
//   POST /api/v1/cases/{id}/documents        {"kind", "file_name", "content_type", "content_base64", "note"?} → 201
//   GET  /api/v1/cases/{id}/documents/{doc}  the bytes, as an attachment
import { t } from './i18n.js';
import { get, post, offers, ApiError } from './api.js';
import { h, field, form, fill, table } from './ui.js';
import { formatDate } from './format.js';
import { user } from './session.js';

const KINDS = ['identity', 'income', 'proof_of_ground', 'other'];
// Scans and photographs only, as the server takes them; by extension when the browser does
// not say the file's type.
const TYPES = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };
// The server's limit (cases::kDocumentBytesMax) unless its answer gives one.
const BYTES_MAX_DEFAULT = 5 * 1024 * 1024;
const INTAKE = ['officer', 'consultant', 'akim_officer', 'state_corporation_operator'];
const CLOSED = ['granted', 'refused', 'refused_to_accept', 'closed'];

const enc = encodeURIComponent;
const kindName = (kind) => (KINDS.includes(kind) ? t(`doc.kind.${kind}`) : kind);

// An item the registries had no data on, as the server records it — "<kind> (<masked IIN>)",
// e.g. "income (900101******)", or other wording — in the page's language.
export function documentItem(text) {
  const s = String(text || '');
  const m = /^([a-z_]+)(?: \((.+)\))?$/.exec(s);
  if (!m || !KINDS.includes(m[1])) return s;
  return m[2] ? `${kindName(m[1])} (${m[2]})` : kindName(m[1]);
}

// 1536 → "1,5 KB" (kk, ru) or "1.5 KB" (en), as the page's language writes decimals.
function size(bytes) {
  const n = Number(bytes) || 0;
  const [v, key] = n >= 1024 * 1024 ? [n / (1024 * 1024), 'doc.mb'] : [Math.max(n / 1024, 0.1), 'doc.kb'];
  const text = v.toFixed(1);
  return t(key, { n: document.documentElement.lang === 'en' ? text : text.replace('.', ',') });
}

// A file's bytes as base64 (FileReader's data: URL without its head).
function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    });
    reader.addEventListener('error', () => reject(reader.error));
    reader.readAsDataURL(file);
  });
}

// Who may upload here: the case's applicant while it is open, intake staff (the server
// decides; this only leaves out a form that would be refused).
function mayUpload(c) {
  const u = user();
  if (!u) return false;
  if (u.role === 'applicant') return !CLOSED.includes(c.state) && !c.decision;
  return INTAKE.includes(u.role);
}

function uploadForm(c, data, reload) {
  const bytesMax = (data.limits && Number(data.limits.max_bytes)) || BYTES_MAX_DEFAULT;
  const mb = String(Math.round(bytesMax / (1024 * 1024)));
  const firstRequired = (data.required || []).map((r) => r.kind).find((k) => KINDS.includes(k));
  const kinds = (data.limits && data.limits.kinds) || KINDS;
  const kind = field({ name: 'kind', label: t('doc.kind'), required: true, value: firstRequired || kinds[0],
    options: kinds.map((k) => ({ value: k, label: kindName(k) })) });
  const file = field({ name: 'content', label: t('doc.file'), type: 'file', required: true, hint: t('doc.file_hint', { mb }),
    attrs: { accept: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png' } });
  const note = field({ name: 'note', label: t('doc.note'), attrs: { maxlength: 500 } });
  const refuse = (message) => { throw new ApiError(400, { message, field: 'content' }); };
  return form({
    cls: 'doc-upload', title: t('doc.upload_title'), fields: [h('div', { class: 'row' }, kind, file), note], submit: t('doc.upload'),
    send: async (key) => {
      const chosen = file.input.files && file.input.files[0];
      if (!chosen) refuse(t('error.required'));
      const ext = (/\.([a-z0-9]+)$/i.exec(chosen.name) || [])[1];
      const type = Object.values(TYPES).includes(chosen.type) ? chosen.type : TYPES[(ext || '').toLowerCase()];
      if (!type) refuse(t('doc.bad_type'));
      if (chosen.size > bytesMax) refuse(t('doc.too_large', { mb }));
      if (chosen.size === 0) refuse(t('doc.empty'));
      let content;
      try { content = await readBase64(chosen); } catch { refuse(t('doc.read_failed')); }
      const body = { kind: kind.input.value, file_name: chosen.name, content_type: type, content_base64: content };
      if (note.input.value.trim()) body.note = note.input.value.trim();
      try {
        return await post(`/api/v1/cases/${enc(c.id)}/documents`, body, key);
      } catch (e) {
        // The file's name, type and bytes are the one file input on the page.
        if (e instanceof ApiError && ['file_name', 'content_type', 'content_base64'].includes(e.field)) e.field = 'content';
        throw e;
      }
    },
    done: reload,
  });
}

// The "Documents" section of a case page, or null when the server has no documents routes.
// It re-renders itself after an upload.
export async function documentsSection(c) {
  if (!(await offers('GET', '/api/v1/cases/{id}/documents'))) return null;
  const section = h('section', { class: 'card documents', id: 'docs', 'aria-labelledby': 'docs-h' });
  const render = async (uploaded) => {
    let data;
    try {
      data = await get(`/api/v1/cases/${enc(c.id)}/documents`);
    } catch (e) {
      section.replaceChildren(h('h2', { id: 'docs-h' }, t('doc.title')), h('p', { class: 'form-error', role: 'alert' }, e.message));
      return;
    }
    const required = data.required || [];
    const docs = data.documents || [];
    fill(section,
      h('h2', { id: 'docs-h', tabindex: '-1' }, t('doc.title')),
      uploaded ? h('p', { class: 'notice-ok', role: 'status' }, t('doc.uploaded', { name: uploaded.file_name })) : null,
      required.length
        ? h('div', { class: 'warning doc-required' }, t('doc.required'),
          h('ul', {}, required.map((r) => h('li', {}, r.kind === 'other' ? r.item : documentItem(r.item) || kindName(r.kind)))))
        : h('p', { class: 'muted' }, t('doc.none_required')),
      table([
        { label: t('doc.kind'), cell: (d) => kindName(d.kind) },
        { label: t('doc.file_name'), cell: (d) => h('a', { href: `/api/v1/cases/${enc(c.id)}/documents/${enc(d.id)}`, download: d.file_name }, d.file_name) },
        { label: t('doc.size'), num: true, cell: (d) => size(d.size) },
        { label: t('doc.uploaded_by'), cell: (d) => d.uploaded_by || '—' },
        { label: t('doc.uploaded_at'), cell: (d) => formatDate(d.uploaded_at) },
        { label: t('doc.note'), cell: (d) => d.note || '—' },
        { label: 'SHA-256', cell: (d) => h('code', { class: 'digest', title: d.sha256 }, (d.sha256 || '').slice(0, 12)) },
      ], docs, { caption: t('doc.title') }),
      mayUpload(c) ? uploadForm(c, data, async (doc) => { await render(doc); section.querySelector('h2').focus(); }) : null);
  };
  await render(null);
  return section;
}
