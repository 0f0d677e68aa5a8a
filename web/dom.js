// Page helpers shared by every panel: element lookup, element building, verdict lines,
// number formatting and file downloads. Display only — no Tandem logic lives here.

/** The element with this id (the page's ids are unique; the accessibility audit checks it). */
export const $ = (id) => document.getElementById(id);

/**
 * Builds an element: `h('td', { class: 'num', title: 'x' }, 'text', child…)`.
 * Attributes starting with "on" become listeners; `null`/`false` children are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const node = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Shows a verdict line: `tone` is good, bad, warn or '' (neutral). */
export function setVerdict(node, text, tone = '') {
  node.textContent = text;
  node.className = `verdict ${tone}`.trim();
}

/** 1234567 → "1.23 MB" (decimal units, as transfer sizes are usually given). */
export function bytesText(n) {
  if (n == null) return '—';
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = n / 1000, unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** Bits per second → "3.21 Mbit/s". */
export function rateText(bps) {
  if (bps == null) return '—';
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(2)} Mbit/s`;
  if (bps >= 1e3) return `${(bps / 1e3).toFixed(1)} kbit/s`;
  return `${bps} bit/s`;
}

/** Microseconds of stream time → "1:02.345" or "2.345 s". */
export function timeText(us) {
  if (us == null) return '—';
  const seconds = us / 1e6;
  if (seconds < 60) return `${seconds.toFixed(3)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${(seconds - minutes * 60).toFixed(3).padStart(6, '0')}`;
}

/** A PID as "0x0100 (256)"; "—" for none (an event of lost sync belongs to no PID). */
export const pidText = (pid) => (pid == null ? '—' : `0x${pid.toString(16).padStart(4, '0')} (${pid})`);

/**
 * A data table in a horizontal scroller: `rows` are arrays of cells (text, numbers or nodes;
 * numbers and measured values are right-aligned), `caption` names it for screen readers.
 */
export function dataTable(id, caption, headers, rows, { rowClass } = {}) {
  const numeric = (c) => typeof c === 'number' || (typeof c === 'string' && /^[-\d.,]+( ?(%|ms|ns|s|[kMG]?bit\/s))?$/.test(c));
  return h('div', { class: 'scroll' }, h('table', { class: 'checks', id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((cells, i) => h('tr', { class: rowClass?.(i) ?? null }, ...cells.map((c) =>
      h('td', { class: numeric(c) ? 'num' : null }, typeof c === 'number' ? c.toLocaleString('en') : c)))))));
}

/** Offers bytes or text as a file download. */
export function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Rows → CSV text with a header row (RFC 4180 quoting). */
export function csv(header, rows) {
  const cell = (v) => {
    const s = v == null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
