// Bar charts as SVG built element by element (no library, no inline style: CSP). Each chart
// has a title and a description for screen readers, and the page shows the same figures
// in a table next to it.
const NS = 'http://www.w3.org/2000/svg';
function el(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// rows: [{label, values: [number…]}]; series: [{label, cls}] (one class per stacked part);
// text(row): the figures written after the bar (default: each part, " / " between them), in
// valueWidth units of the drawing.
export function barChart({ title, rows, series, format = String, text = null, valueWidth = 130 }) {
  const labelWidth = 190, barArea = 360, rowHeight = 26;
  const height = rows.length * rowHeight + 10;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + Number(b), 0)));
  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${labelWidth + barArea + valueWidth} ${height}`, role: 'img' });
  const id = `chart${Math.random().toString(36).slice(2, 8)}`;
  svg.setAttribute('aria-labelledby', `${id}-t`);
  svg.append(el('title', { id: `${id}-t` }, title));
  rows.forEach((r, i) => {
    const y = i * rowHeight + 5;
    svg.append(el('text', { x: 0, y: y + 16 }, r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label));
    let x = labelWidth;
    r.values.forEach((v, k) => {
      const w = (Number(v) / max) * barArea;
      if (w > 0) {
        const bar = el('rect', { x, y, width: Math.max(w, 1), height: rowHeight - 8, class: `bar ${series[k].cls || ''}` });
        bar.append(el('title', {}, `${r.label} — ${series[k].label}: ${format(v)}`));
        svg.append(bar);
      }
      x += w;
    });
    svg.append(el('text', { x: x + 6, y: y + 16 }, text ? text(r) : r.values.map(format).join(' / ')));
  });
  return svg;
}
