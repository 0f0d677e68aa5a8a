// Members a newer stream_report carries that the page has no dedicated view for yet (PCR
// statistics, SCTE-35 splices, …): each shown as a table or a list of facts, titled by its key,
// so a report is never shown with parts missing. Arrays of objects become tables (nested
// objects flattened one level, arrays of numbers summarized by their length); objects become
// fact lists. Display only; the schema is Sources/TransportStream/REPORT.md.

import { h, dataTable } from './dom.js';

/** Top-level members the report view shows in its own way. */
const shown = new Set(['kind', 'version', 'input', 'time_base', 'profile', 'verdict', 'error_counts', 'indicators',
  'extra_checks', 'programs', 'pids', 'bitrate_series', 'pid_bitrate_series', 'scte35', 'events', 'pid_counts_dropped', 'digest',
  'policy']);  // shown by policy-decision.js next to the server's decision

const title = (key) => key.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A value as table text: numbers grouped, PIDs in hex, arrays by size. */
function cell(key, value) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return `${value.length} values`;
  if (typeof value === 'number' && /(^|_)pid$/.test(key)) return `0x${value.toString(16).padStart(4, '0')} (${value})`;
  if (typeof value === 'number') return value.toLocaleString('en');
  return String(value).replaceAll('_', ' ');
}

/** One level of nesting flattened: {interval_us: {min: 1}} → {"interval_us min": 1}. */
function flatten(row) {
  const out = {};
  for (const [k, v] of Object.entries(row)) {
    if (isObject(v)) for (const [k2, v2] of Object.entries(v)) { if (!isObject(v2)) out[`${k} ${k2}`] = v2; }
    else out[k] = v;
  }
  return out;
}

/** Rows (objects) as a table whose columns are every key the rows have. */
function objectTable(rows, caption, id) {
  const flat = rows.map(flatten);
  const columns = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  return dataTable(id, caption, columns.map((c) => c.replaceAll('_', ' ')), flat.map((r) => columns.map((c) => cell(c, r[c]))));
}

function facts(object) {
  const flat = flatten(object);
  return h('dl', { class: 'facts' }, ...Object.entries(flat).flatMap(([k, v]) => [h('dt', {}, k.replaceAll('_', ' ')), h('dd', {}, cell(k, v))]));
}

/** Sections for the report's members the page does not know; empty for a report it knows fully. */
export function extraSections(doc) {
  return Object.entries(doc).filter(([key, value]) => !shown.has(key) && value !== null && typeof value === 'object')
    .flatMap(([key, value]) => {
      const id = `report-${key.replaceAll('_', '-')}`;
      if (Array.isArray(value)) {
        if (value.length === 0) return [h('h3', {}, title(key)), h('p', { class: 'muted', id }, 'None.')];
        if (!value.every(isObject)) return [h('h3', {}, title(key)), h('p', { id }, value.join(', '))];
        return [h('h3', {}, title(key)), objectTable(value, title(key), id)];
      }
      return [h('h3', {}, title(key)), h('div', { id }, facts(value))];
    });
}
