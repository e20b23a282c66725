// The application form (өтініш): pack and programmes, the family with its members, their
// incomes and facts. Used by the portal (channel: portal, set by the server) and by staff
// intake (with a channel). Field names are the API's JSON paths, so that the server's
// message lands next to the right input ("family.members[0].iin").
import { t } from './i18n.js';
import { get, post } from './api.js';
import { h, field, form } from './ui.js';
import { formatDate, parseTenge } from './format.js';

const CHANNELS = ['authorized_body', 'akim', 'state_corporation', 'employment_centre'];

// After a member or an income is removed, the rest are numbered again, so that the names
// match the positions the server will name in its errors.
function renumber(container, pattern, word) {
  Array.from(container.children).forEach((child, i) => {
    for (const el of [child, ...child.querySelectorAll('[data-field], [data-error-for], [name]')]) {
      for (const attr of ['data-field', 'data-error-for', 'name'])
        if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace(pattern, `${word}[${i}]`));
    }
    const legend = child.querySelector(':scope > legend');
    if (legend && child.dataset.legend === 'member') legend.textContent = t('family.member', { n: i + 1 });
  });
}

function memberBlock(index, vocabulary, onRemove) {
  const p = `family.members[${index}]`;
  const relation = field({ name: `${p}.relation`, label: t('family.relation'), required: true, value: index === 0 ? 'applicant' : 'child',
    options: vocabulary.relations.map((r) => ({ value: r.id, label: r.name })) });
  const iin = field({ name: `${p}.iin`, label: t('family.iin'), hint: t('family.iin_hint'), attrs: { inputmode: 'numeric', maxlength: 12, autocomplete: 'off' } });
  const birth = field({ name: `${p}.birth_date`, label: t('family.birth_date'), type: 'date', required: true });
  const sex = field({ name: `${p}.sex`, label: t('family.sex'), options: [
    { value: '', label: t('family.sex_from_iin') }, { value: 'female', label: t('family.female') }, { value: 'male', label: t('family.male') }] });
  const incomes = h('div', { class: 'incomes' });
  const addIncome = h('button', { type: 'button', class: 'secondary' }, t('family.add_income'));
  const block = h('fieldset', { class: 'member', 'data-legend': 'member' },
    h('legend', {}, t('family.member', { n: index + 1 })),
    h('div', { class: 'row' }, relation, iin, birth, sex),
    h('span', { class: 'field-error', 'data-error-for': p }),
    incomes,
    h('div', { class: 'actions' }, addIncome,
      index > 0 ? h('button', { type: 'button', class: 'secondary', onclick: () => onRemove(block) }, t('family.remove_member')) : null));
  addIncome.addEventListener('click', () => {
    // The member's current position (members may have been renumbered) and the next income.
    const member = relation.input.dataset.field.replace(/\.relation$/, '');
    const q = `${member}.incomes[${incomes.children.length}]`;
    const type = field({ name: `${q}.type`, label: t('family.income_type'), options: vocabulary.income_types.map((x) => ({ value: x.id, label: x.name })) });
    const month = field({ name: `${q}.month`, label: t('family.income_month'), type: 'month', required: true, hint: t('family.month_hint') });
    const amount = field({ name: `${q}.amount`, label: t('family.income_amount'), required: true, hint: t('family.amount_hint'), attrs: { inputmode: 'decimal' } });
    const row = h('div', { class: 'row income' }, type, month, amount,
      h('button', { type: 'button', class: 'secondary', onclick: () => { row.remove(); renumber(incomes, /incomes\[\d+\]/g, 'incomes'); } }, t('family.remove_income')));
    incomes.append(row);
    type.input.focus();
  });
  block.read = () => {
    const m = { birth_date: birth.input.value, relation: relation.input.value };
    if (iin.input.value.trim()) m.iin = iin.input.value.trim();
    if (sex.input.value) m.sex = sex.input.value;
    const list = [];
    for (const row of incomes.querySelectorAll('.income')) {
      const [typeIn, monthIn, amountIn] = row.querySelectorAll('select, input');
      // An amount the page cannot read is sent as typed: the server names the field.
      list.push({ type: typeIn.value, month: monthIn.value, amount: parseTenge(amountIn.value) ?? amountIn.value });
    }
    if (list.length) m.incomes = list;
    return m;
  };
  return block;
}

// staff: true adds the channel and the applicant's name as staff take them at the desk.
export async function applicationForm({ staff = false, done }) {
  const meta = await get('/api/v1/packs');
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

  const territory = field({ name: 'family.territory', label: t('family.territory'), required: true, hint: t('family.territory_hint'), attrs: { inputmode: 'numeric', maxlength: 9 } });
  const channel = staff ? field({ name: 'channel', label: t('apply.channel'), required: true, options: CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) })) }) : null;
  const name = field({ name: 'applicant_name', label: t('apply.applicant_name'), attrs: { autocomplete: 'name', maxlength: 200 } });
  const phone = field({ name: 'phone', label: t('apply.phone'), hint: t('apply.phone_hint'), type: 'text', attrs: { autocomplete: 'tel', inputmode: 'tel', maxlength: 20 } });
  const fact = field({ name: 'family.facts[0].type', label: t('family.fact'), hint: t('family.fact_hint'),
    options: [{ value: '', label: t('family.no_fact') }, ...vocabulary.facts.map((f) => ({ value: f.id, label: f.name }))] });
  const factDate = field({ name: 'family.facts[0].date', label: t('family.fact_date'), type: 'date' });

  const members = h('div', { class: 'members' });
  let count = 0;
  const remove = (block) => { block.remove(); renumber(members, /members\[\d+\]/g, 'members'); count = members.children.length; };
  const addMember = () => {
    const block = memberBlock(count++, vocabulary, remove);
    members.append(block);
    return block;
  };
  addMember();
  const addButton = h('button', { type: 'button', class: 'secondary' }, t('family.add_member'));
  addButton.addEventListener('click', () => addMember().querySelector('select').focus());

  const body = () => {
    const family = { territory: territory.input.value.trim(), application_date: meta.today,
      members: Array.from(members.children).map((b) => b.read()) };
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
      h('div', { class: 'row' }, pack, channel, territory), programmes,
      h('div', { class: 'row' }, name, phone),
      h('h3', {}, t('family.members')), members, h('div', { class: 'actions' }, addButton),
      h('div', { class: 'row' }, fact, factDate),
    ],
    submit: t('apply.submit'),
    send: (key) => post('/api/v1/cases', body(), key),
    done,
  });
}
