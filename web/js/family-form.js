// The application form (өтініш): pack and programmes, the family with its members, their
// incomes and facts. Used by the portal (channel: portal, set by the server) and by staff
// intake (with a channel). Field names are the API's JSON paths, so that the server's
// message lands next to the right input ("family.members[0].iin").
//
// On the portal the applicant may fill the family in from the state registries first
// (GET /api/v1/me/registry-prefill): the territory, the members and their incomes, each such
// field marked "from the registries" in words; everything stays editable, and what the
// registries had no data on is listed as the documents to bring (001 §11).
import { t } from './i18n.js';
import { get, post, offers } from './api.js';
import { h, field, form, fill, markSource } from './ui.js';
import { formatDate, formatMoney, parseTenge, tengeInputText } from './format.js';
import { documentItem } from './documents.js';

const CHANNELS = ['authorized_body', 'akim', 'state_corporation', 'employment_centre'];

// After a member or an income is removed, the rest are numbered again, so that the names
// match the positions the server will name in its errors.
function renumber(container, pattern, word) {
  Array.from(container.children).forEach((child, i) => {
    for (const el of [child, ...child.querySelectorAll('[data-field], [data-error-for], [name]')]) {
      for (const attr of ['data-field', 'data-error-for', 'name'])
        if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace(pattern, `${word}[${i}]`));
    }
    if (child.dataset.legend === 'member') child.querySelector(':scope > legend').textContent = memberLegend(i, child.dataset.name);
  });
}

// "Member 2 · Айгүл Серікқызы" when the registries gave the name.
const memberLegend = (i, name) => `${t('family.member', { n: i + 1 })}${name ? ` · ${name}` : ''}`;

// A select set to a value it may not list (a word the registries use that the form's
// vocabulary lacks): the value is added as its own option rather than silently dropped.
function choose(select, value) {
  if (value === undefined || value === null) return;
  const v = String(value);
  if (!Array.from(select.options).some((o) => o.value === v)) select.append(h('option', { value: v }, v));
  select.value = v;
}

const registryMark = (f) => markSource(f, t('prefill.from_registry'), t('prefill.changed'));

// One income row of a member: type, month, amount. `values` ({type, month, amount} in the
// family format: month "2025-10", amount "60000.00") fill it; `marked` marks them as
// coming from the registries.
function incomeRow(prefix, vocabulary, onRemove, values = null, marked = false) {
  const type = field({ name: `${prefix}.type`, label: t('family.income_type'), options: vocabulary.income_types.map((x) => ({ value: x.id, label: x.name })) });
  const month = field({ name: `${prefix}.month`, label: t('family.income_month'), type: 'month', required: true, hint: t('family.month_hint') });
  const amount = field({ name: `${prefix}.amount`, label: t('family.income_amount'), required: true, hint: t('family.amount_hint'), attrs: { inputmode: 'decimal' } });
  if (values) {
    choose(type.input, values.type);
    if (values.month) month.input.value = values.month;
    if (values.amount !== undefined && values.amount !== null) amount.input.value = tengeInputText(values.amount);
    if (marked) [type, month, amount].forEach(registryMark);
  }
  const row = h('div', { class: 'row income' }, type, month, amount,
    h('button', { type: 'button', class: 'secondary', onclick: () => onRemove(row) }, t('family.remove_income')));
  row.read = () => ({ type: type.input.value, month: month.input.value,
    // An amount the page cannot read is sent as typed: the server names the field.
    amount: parseTenge(amount.input.value) ?? amount.input.value });
  row.focus = () => type.input.focus();
  return row;
}

// More incomes than this per member are folded under their summary at first.
const kIncomesShownOpen = 3;

// One member's fieldset. `values` ({relation, iin, birth_date, sex, incomes, name} as in the
// family format, name from the registries) fill it; `marked` marks what they filled.
function memberBlock(index, vocabulary, onRemove, values = null, marked = false) {
  const p = `family.members[${index}]`;
  const relation = field({ name: `${p}.relation`, label: t('family.relation'), required: true, value: index === 0 ? 'applicant' : 'child',
    options: vocabulary.relations.map((r) => ({ value: r.id, label: r.name })) });
  const iin = field({ name: `${p}.iin`, label: t('family.iin'), hint: t('family.iin_hint'), attrs: { inputmode: 'numeric', maxlength: 12, autocomplete: 'off' } });
  const birth = field({ name: `${p}.birth_date`, label: t('family.birth_date'), type: 'date', required: true });
  const sex = field({ name: `${p}.sex`, label: t('family.sex'), options: [
    { value: '', label: t('family.sex_from_iin') }, { value: 'female', label: t('family.female') }, { value: 'male', label: t('family.male') }] });
  const incomes = h('div', { class: 'incomes' });
  // The incomes fold under a summary (how many, their sum): the registries give a year of
  // monthly incomes per member, which would otherwise make the form a long scroll. Folded
  // only when there are many; a server error inside opens it (ui.js showError).
  const summary = h('summary', {});
  const incomeList = h('details', { class: 'income-list' }, summary, incomes);
  const summarise = () => {
    let tiyn = 0n;
    for (const row of incomes.children) {
      const a = parseTenge(row.querySelector('[data-field$=".amount"]').value);
      if (a !== null) { const [whole, frac = ''] = a.split('.'); tiyn += BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0')); }
    }
    summary.textContent = t('family.incomes_summary', { n: incomes.children.length, total: formatMoney(tiyn) });
    incomeList.hidden = incomes.children.length === 0;
  };
  incomes.addEventListener('input', summarise);
  const addIncome = h('button', { type: 'button', class: 'secondary' }, t('family.add_income'));
  const block = h('fieldset', { class: 'member', 'data-legend': 'member' },
    h('legend', {}, memberLegend(index, values && values.name)),
    h('div', { class: 'row' }, relation, iin, birth, sex),
    h('span', { class: 'field-error', 'data-error-for': p }),
    incomeList,
    h('div', { class: 'actions' }, addIncome,
      index > 0 ? h('button', { type: 'button', class: 'secondary', onclick: () => onRemove(block) }, t('family.remove_member')) : null));
  if (values) {
    if (values.name) block.dataset.name = values.name;
    const filled = [];
    if (values.relation) { choose(relation.input, values.relation); filled.push(relation); }
    if (values.iin) { iin.input.value = values.iin; filled.push(iin); }
    if (values.birth_date) { birth.input.value = values.birth_date; filled.push(birth); }
    if (values.sex) { choose(sex.input, values.sex); filled.push(sex); }
    if (marked) filled.forEach(registryMark);
  }
  const removeIncome = (row) => { row.remove(); renumber(incomes, /incomes\[\d+\]/g, 'incomes'); summarise(); };
  // An income at the member's current position (members may have been renumbered).
  block.addIncome = (income = null, mark = false) => {
    const member = relation.input.dataset.field.replace(/\.relation$/, '');
    const row = incomeRow(`${member}.incomes[${incomes.children.length}]`, vocabulary, removeIncome, income, mark);
    incomes.append(row);
    summarise();
    return row;
  };
  addIncome.addEventListener('click', () => { incomeList.open = true; block.addIncome().focus(); });
  for (const income of (values && values.incomes) || []) block.addIncome(income, marked);
  incomeList.open = incomes.children.length <= kIncomesShownOpen;
  summarise();
  block.read = () => {
    const m = { birth_date: birth.input.value, relation: relation.input.value };
    if (iin.input.value.trim()) m.iin = iin.input.value.trim();
    if (sex.input.value) m.sex = sex.input.value;
    const list = Array.from(incomes.children).map((row) => row.read());
    if (list.length) m.incomes = list;
    return m;
  };
  return block;
}

// The members of a family: a container of member blocks numbered as the API's JSON paths.
// add(values, marked) appends a member (filled and marked when given), clear() empties it.
export function membersEditor(vocabulary) {
  const el = h('div', { class: 'members' });
  const remove = (block) => { block.remove(); renumber(el, /members\[\d+\]/g, 'members'); };
  return {
    el,
    add(values = null, marked = false) {
      const block = memberBlock(el.children.length, vocabulary, remove, values, marked);
      el.append(block);
      return block;
    },
    clear() { el.replaceChildren(); },
    read() { return Array.from(el.children).map((b) => b.read()); },
  };
}

// The "fill in from the registries" panel of the portal form. `apply(answer)` puts the
// registries' family into the form; the panel shows when they were asked, the warnings of
// 004 §7-1 and the documents to bring.
function prefillPanel(apply) {
  const status = h('div', { class: 'prefill-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'secondary' }, t('prefill.button'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('common.loading')));
    try {
      const answer = await get('/api/v1/me/registry-prefill');
      apply(answer);
      const warnings = [];
      if (answer.family_has_tsa) warnings.push(t('prefill.has_tsa'));
      if (answer.members_in_one_settlement === false) warnings.push(t('prefill.settlements'));
      const noData = answer.no_data || [];
      fill(status,
        h('p', { class: 'notice-ok', role: 'status' }, t('prefill.done', { n: (answer.family.members || []).length, at: formatDate(answer.taken_at) })),
        warnings.length ? h('div', { class: 'warning', role: 'alert' }, h('strong', {}, t('prefill.portal_refuses')), h('ul', {}, warnings.map((w) => h('li', {}, w)))) : null,
        noData.length ? h('div', { class: 'warning prefill-no-data' }, t('prefill.no_data'), h('ul', {}, noData.map((x) => h('li', {}, documentItem(x))))) : null,
        h('p', { class: 'muted' }, t('prefill.editable')));
    } catch (e) {
      status.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, e && e.message ? e.message : t('error.network')));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'prefill', 'aria-labelledby': 'prefill-h' },
    h('h3', { id: 'prefill-h' }, t('prefill.title')), h('p', {}, t('prefill.intro')), h('div', { class: 'actions' }, button), status);
}

// staff: true adds the channel and the applicant's name as staff take them at the desk; the
// registry pre-fill is the applicant's own (portal), when the server offers it.
export async function applicationForm({ staff = false, done }) {
  const [meta, canPrefill] = await Promise.all([get('/api/v1/packs'), staff ? false : offers('GET', '/api/v1/me/registry-prefill')]);
  const vocabulary = meta.vocabulary;
  const packOptions = meta.packs.map((p) => ({ value: p.id, label: p.title }));
  const pack = field({ name: 'pack', label: t('apply.pack'), required: true, options: packOptions, value: packOptions[0] && packOptions[0].value });
  const programmes = h('fieldset', {}, h('legend', {}, t('apply.programmes')), h('div', { class: 'programme-list' }),
    h('span', { class: 'field-error', 'data-error-for': 'programmes' }));
  const showProgrammes = () => {
    const p = meta.packs.find((x) => x.id === pack.input.value);
    const list = programmes.querySelector('.programme-list');
    list.replaceChildren(...(p ? p.programmes : []).map((g) =>
      field({ name: `programme:${g.id}`, label: `${g.title} (${g.cites})`, type: 'checkbox', inline: true })));
  };
  pack.input.addEventListener('change', showProgrammes);
  showProgrammes();

  const territoryField = () => field({ name: 'family.territory', label: t('family.territory'), required: true, hint: t('family.territory_hint'), attrs: { inputmode: 'numeric', maxlength: 9 } });
  let territory = territoryField();
  const territoryBox = h('div', { class: 'territory' }, territory);
  const channel = staff ? field({ name: 'channel', label: t('apply.channel'), required: true, options: CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) })) }) : null;
  const nameField = () => field({ name: 'applicant_name', label: t('apply.applicant_name'), attrs: { autocomplete: 'name', maxlength: 200 } });
  let name = nameField();
  const nameBox = h('div', { class: 'applicant-name' }, name);
  const phone = field({ name: 'phone', label: t('apply.phone'), hint: t('apply.phone_hint'), type: 'text', attrs: { autocomplete: 'tel', inputmode: 'tel', maxlength: 20 } });
  const fact = field({ name: 'family.facts[0].type', label: t('family.fact'), hint: t('family.fact_hint'),
    options: [{ value: '', label: t('family.no_fact') }, ...vocabulary.facts.map((f) => ({ value: f.id, label: f.name }))] });
  const factDate = field({ name: 'family.facts[0].date', label: t('family.fact_date'), type: 'date' });

  const members = membersEditor(vocabulary);
  members.add();
  const addButton = h('button', { type: 'button', class: 'secondary' }, t('family.add_member'));
  addButton.addEventListener('click', () => members.add().querySelector('select').focus());

  // The registries' family replaces the members typed so far; fields are made anew so that
  // their marks start from the registries' values.
  const applyPrefill = (answer) => {
    const family = answer.family || {};
    const names = answer.names || [];
    if (family.territory) territory = replaceField(territoryBox, territoryField(), family.territory);
    members.clear();
    (family.members || []).forEach((m, i) => members.add({ ...m, name: names[i] }, true));
    const applicant = (family.members || []).findIndex((m) => m.relation === 'applicant');
    const applicantName = names[applicant >= 0 ? applicant : 0];
    if (applicantName && !name.input.value.trim()) name = replaceField(nameBox, nameField(), applicantName);
    // The content changed: the form's next submission gets a new Idempotency-Key.
    members.el.dispatchEvent(new Event('change', { bubbles: true }));
  };

  const body = () => {
    const family = { territory: territory.input.value.trim(), application_date: meta.today, members: members.read() };
    if (fact.input.value) family.facts = [{ type: fact.input.value, date: factDate.input.value }];
    const chosen = Array.from(programmes.querySelectorAll('input[type=checkbox]')).filter((c) => c.checked).map((c) => c.name.slice('programme:'.length));
    const out = { pack: pack.input.value, family };
    if (chosen.length) out.programmes = chosen;
    if (channel) out.channel = channel.input.value;
    if (name.input.value.trim()) out.applicant_name = name.input.value.trim();
    if (phone.input.value.trim()) out.phone = phone.input.value.trim();
    return out;
  };
  return form({
    cls: 'card application',
    fields: [
      h('p', {}, t('apply.date', { date: formatDate(meta.today) })),
      canPrefill ? prefillPanel(applyPrefill) : null,
      h('div', { class: 'row' }, pack, channel, territoryBox), programmes,
      h('div', { class: 'row' }, nameBox, phone),
      h('h3', {}, t('family.members')), members.el, h('div', { class: 'actions' }, addButton),
      h('div', { class: 'row' }, fact, factDate),
    ],
    submit: t('apply.submit'),
    send: (key) => post('/api/v1/cases', body(), key),
    done,
  });
}

// A field put in place of the one in `box`, holding `value` and marked as the registries'.
function replaceField(box, fresh, value) {
  fresh.input.value = value;
  registryMark(fresh);
  box.replaceChildren(fresh);
  return fresh;
}
