// A stream_report document made readable: the verdict first, then the indicators grouped by
// priority, the programs, the PID table, the charts and the event timeline. The document's
// schema: Sources/TransportStream/REPORT.md.

import { h, pidText, rateText, timeText, bytesText } from './dom.js';
import { bitrateChart, pcrChart, timelineChart, chartedPids, pcrHistogramPid } from './stream-charts.js';
import { modelText } from './stream-tables.js';
import { extraSections } from './report-extras.js';
import { pcrSection, scte35Section } from './stream-tables.js';

const verdictText = {
  pass: 'PASS — no errors', warn: 'WARN — only priority-3 or extra-check errors', degraded: 'DEGRADED — priority-2 errors',
  fail: 'FAIL — priority-1 errors', no_sync: 'NO SYNC — no transport stream found',
};
const groupTitle = { 1: 'Priority 1 (decodability)', 2: 'Priority 2 (continuous monitoring)', 3: 'Priority 3 (application dependent)', 0: 'Extra checks (Tandem)' };
const listedEvents = 300;

const where = (at) => (at ? `${timeText(at.time_us)} · packet ${at.packet.toLocaleString('en')} · byte ${at.offset.toLocaleString('en')}` : '');

/** Errors per PID summed over every check's per-PID counts. */
function errorsByPid(doc) {
  const counts = new Map();
  for (const check of [...doc.indicators, ...doc.extra_checks]) {
    for (const p of check.pids ?? []) counts.set(p.pid, (counts.get(p.pid) ?? 0) + p.count);
  }
  return counts;
}

/** The rendered report; `onEvent(event)` opens an event's packet. */
export function renderReport(doc, source, onEvent) {
  const priorities = new Map([...doc.indicators, ...doc.extra_checks].map((c) => [c.id, c.priority]));
  return h('div', { class: 'report' },
    h('p', { class: `banner ${doc.verdict}`, id: 'stream-banner' }, h('strong', {}, verdictText[doc.verdict] ?? doc.verdict), ` · ${source}`),
    facts(doc),
    h('h3', {}, 'Indicators'), ...indicatorGroups(doc),
    h('h3', {}, 'Programs'), programs(doc),
    h('h3', {}, 'PIDs'), pidTable(doc),
    h('div', { class: 'charts' },
      h('figure', {}, bitrateChart(doc), bitrateLegend(doc)),
      h('figure', {}, pcrChart(doc), h('figcaption', {}, pcrCaption(doc)))),
    ...pcrSection(doc),
    ...scte35Section(doc, onEvent),
    ...extraSections(doc),
    h('h3', {}, `Events (${doc.events.listed}${doc.events.dropped ? ` listed, ${doc.events.dropped} more dropped` : ''})`),
    timelineChart(doc, (id) => priorities.get(id) ?? 0, onEvent),
    eventList(doc, onEvent));
}

/** The bitrate chart's caption: which line is which PID. */
function bitrateLegend(doc) {
  const pids = chartedPids(doc);
  return h('figcaption', {}, 'Bitrate over time: ', h('span', { class: 'swatch total' }), ' all PIDs',
    ...pids.map((pid, i) => [' · ', h('span', { class: `swatch s${i}` }), ` ${pidText(pid)}`]));
}

function pcrCaption(doc) {
  const p = pcrHistogramPid(doc);
  if (!p) return 'PCR interval and accuracy';
  return `PCR accuracy of PID ${pidText(p.pid)}: ${p.pcr.accuracy.samples.toLocaleString('en')} samples, ${modelText(p.pcr.accuracy)}`;
}

function facts(doc) {
  const i = doc.input;
  const rows = [
    ['Size', `${bytesText(i.bytes)} · ${i.packets.toLocaleString('en')} packets of ${i.packet_size} bytes`],
    ['Duration', `${timeText(i.duration_us)} · ${rateText(i.bitrate_bps)}${i.constant_bitrate === true ? ' (constant)' : i.constant_bitrate === false ? ' (variable)' : ''}`],
    ['Time base', `${doc.time_base.source.replaceAll('_', ' ')}`],
    ['Profile', doc.profile.name],
    ['Errors', `P1 ${doc.error_counts.priority_1} · P2 ${doc.error_counts.priority_2} · P3 ${doc.error_counts.priority_3} · extra ${doc.error_counts.extra}`],
  ];
  return h('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function indicatorGroups(doc) {
  return [1, 2, 3, 0].map((priority) => {
    const checks = [...doc.indicators, ...doc.extra_checks].filter((c) => c.priority === priority);
    const failing = checks.filter((c) => c.status === 'error');
    const errors = failing.reduce((n, c) => n + c.count, 0);
    const rows = checks.map((c) => h('tr', { class: c.status },
      h('td', {}, c.id), h('td', {}, c.name), h('td', { class: 'status' }, c.status.replaceAll('_', ' ')),
      h('td', { class: 'num' }, c.count || ''), h('td', {}, where(c.first))));
    return h('details', { class: 'group', open: failing.length > 0 },
      h('summary', {}, `${groupTitle[priority]} — `, failing.length ? h('strong', { class: 'bad-text' }, `${errors.toLocaleString('en')} error${errors === 1 ? '' : 's'} in ${failing.length} of ${checks.length}`) : `all ${checks.length} clear or not applicable`),
      h('div', { class: 'scroll' }, h('table', { class: 'checks' },
        h('thead', {}, h('tr', {}, ...['id', 'indicator', 'status', 'count', 'first occurrence'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows))));
  });
}

function programs(doc) {
  if (doc.programs.length === 0) return h('p', { class: 'muted' }, 'No programs (no PAT/PMT found).');
  return h('ul', { class: 'programs' }, ...doc.programs.map((p) => h('li', {},
    h('strong', {}, p.service_name ?? `Program ${p.program_number}`),
    p.provider_name ? ` (${p.provider_name})` : '', ` · program ${p.program_number} · PMT ${pidText(p.pmt_pid)} · PCR ${p.pcr_pid != null ? pidText(p.pcr_pid) : '—'}`,
    h('ul', {}, ...p.streams.map((s) => h('li', {}, `${pidText(s.pid)} ${s.kind} · ${s.codec}${s.language ? ` · ${s.language}` : ''}`))))));
}

/** PID members the table shows in its fixed columns (or not at all); newer numeric ones get a column each. */
const pidShown = new Set(['pid', 'role', 'stream_type', 'codec', 'packets', 'scrambled_packets', 'pcr_packets', 'pes_packets',
  'cc_errors', 'transport_errors', 'bitrate_bps', 'min_bitrate_bps', 'max_bitrate_bps', 'first', 'referenced', 'elementary', 'pcr']);
const extraPidColumns = (doc) => [...new Set(doc.pids.flatMap((p) => Object.keys(p)))]
  .filter((k) => !pidShown.has(k) && doc.pids.some((p) => typeof p[k] === 'number'));

function pidTable(doc) {
  const errors = errorsByPid(doc);
  const total = Math.max(1, doc.input.packets);
  const rates = doc.pids.some((p) => 'min_bitrate_bps' in p);  // version 3 on
  const extra = [...(rates ? ['min_bitrate_bps', 'max_bitrate_bps', 'transport_errors'] : []), ...extraPidColumns(doc)];
  const extraCell = (key, value) => h('td', { class: 'num' }, value == null ? '—' : key.endsWith('_bps') ? rateText(value) : value.toLocaleString('en'));
  const heading = { min_bitrate_bps: 'min (1 s)', max_bitrate_bps: 'max (1 s)', transport_errors: 'TEI' };
  const rows = doc.pids.map((p) => h('tr', {},
    h('td', {}, pidText(p.pid)), h('td', {}, p.role + (p.stream_type != null ? ` · 0x${p.stream_type.toString(16).padStart(2, '0')}` : '')),
    h('td', {}, p.codec ?? '', esFacts(p)), h('td', { class: 'num' }, p.packets.toLocaleString('en')),
    h('td', { class: 'num' }, `${((100 * p.packets) / total).toFixed(2)} %`), h('td', { class: 'num' }, rateText(p.bitrate_bps)),
    ...extra.map((k) => extraCell(k, p[k])),
    h('td', { class: `num${errors.get(p.pid) ? ' bad-text' : ''}` }, (errors.get(p.pid) ?? 0).toLocaleString('en'))));
  const headers = ['PID', 'type', 'codec', 'packets', 'share', 'bitrate', ...extra.map((k) => heading[k] ?? k.replace(/_bps$/, '').replaceAll('_', ' ')), 'errors'];
  return h('div', { class: 'scroll' }, h('table', { id: 'pid-table', class: 'checks' },
    h('caption', { class: 'visually-hidden' }, 'PIDs of the stream'),
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

const chroma = { 0: '4:0:0', 1: '4:2:0', 2: '4:2:2', 3: '4:4:4' };

/**
 * What the elementary stream's own headers say (pids[].elementary, version 2 on), compactly:
 * "High @ level 40 · 1920×1080 · 25 fps · progressive · 4:2:0 8-bit" or "LC · 48 kHz · 2 ch".
 */
function esFacts(p) {
  const e = p.elementary;
  if (!e) return null;
  const parts = [];
  if (e.format && e.format !== p.codec) parts.push(e.format);
  if (e.profile) parts.push(e.level != null ? `${e.profile} @ level ${e.level}` : e.profile);
  if (e.width && e.height) parts.push(`${e.width}×${e.height}`);
  if (e.frame_rate_num && e.frame_rate_den) parts.push(`${+(e.frame_rate_num / e.frame_rate_den).toFixed(3)} fps`);
  if (e.interlaced != null) parts.push(e.interlaced ? 'interlaced' : 'progressive');
  if (e.chroma_format != null) parts.push(`${chroma[e.chroma_format] ?? e.chroma_format}${e.bit_depth ? ` ${e.bit_depth}-bit` : ''}`);
  if (e.sample_rate) parts.push(`${e.sample_rate / 1000} kHz`);
  if (e.channels) parts.push(`${e.channels} ch`);
  if (e.bitrate_bps) parts.push(rateText(e.bitrate_bps));
  return parts.length ? h('div', { class: 'es-facts' }, parts.join(' · ')) : null;
}

function eventList(doc, onEvent) {
  const items = doc.events.items.slice(0, listedEvents);
  if (items.length === 0) return h('p', { class: 'muted', id: 'event-list' }, 'No events.');
  return h('ol', { class: 'events', id: 'event-list' }, ...items.map((e, i) => h('li', {},
    h('button', { type: 'button', class: 'event', 'data-index': i, onclick: () => onEvent(e) },
      `${e.id} ${e.name} · ${e.reason.replaceAll('_', ' ')} · PID ${pidText(e.pid)} · ${where(e)}`))),
  doc.events.items.length > listedEvents ? h('li', { class: 'muted' }, `${doc.events.items.length - listedEvents} more in the downloads`) : null);
}

/** CSV tables for the downloads: every scalar PID member (newer reports add columns). */
export const pidColumns = (doc) => ['pid', 'role', 'stream_type', 'codec', 'packets', 'scrambled_packets', 'pcr_packets',
  'pes_packets', 'cc_errors', ...(doc.pids.some((p) => 'transport_errors' in p) ? ['transport_errors'] : []), 'bitrate_bps',
  ...(doc.pids.some((p) => 'min_bitrate_bps' in p) ? ['min_bitrate_bps', 'max_bitrate_bps'] : []), ...extraPidColumns(doc)];
export const eventColumns = ['id', 'name', 'reason', 'pid', 'packet', 'offset', 'time_us', 'value'];
