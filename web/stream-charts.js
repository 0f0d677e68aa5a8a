// Charts of a stream report as inline SVG (no library): bitrate over time, PCR interval and
// jitter, and the event timeline. Each reads the members the report has and says so when one
// is missing (newer report versions add PCR statistics and per-PID series).

import { h, rateText, timeText } from './dom.js';

const width = 640, height = 180, left = 24, bottom = 24, top = 10, right = 10;
const plotW = width - left - right, plotH = height - top - bottom;
const svg = (attributes, ...children) => h('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', ...attributes }, ...children);
const text = (x, y, content, attributes = {}) => h('svg:text', { x, y, ...attributes }, content);

/** Axes with a y label at the top and x labels at both ends. */
function axes(yLabel, xStart, xEnd) {
  return [
    h('svg:line', { x1: left, y1: top, x2: left, y2: top + plotH, class: 'axis' }),
    h('svg:line', { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, class: 'axis' }),
    text(left + 4, top + 10, yLabel, { class: 'label' }),
    text(left - 6, top + plotH, '0', { 'text-anchor': 'end', class: 'label' }),
    text(left, height - 6, xStart, { class: 'label' }),
    text(left + plotW, height - 6, xEnd, { 'text-anchor': 'end', class: 'label' }),
  ];
}

/** A step line of `series` ({start, duration, value}) scaled to the plot. */
function stepPath(series, x0, x1, max) {
  const x = (t) => left + ((t - x0) / Math.max(1, x1 - x0)) * plotW;
  const y = (v) => top + plotH - (v / max) * plotH;
  return series.map((s, i) => `${i ? 'L' : 'M'}${x(s.start).toFixed(1)},${y(s.value).toFixed(1)}H${x(s.start + s.duration).toFixed(1)}`).join('');
}

/** Per-PID series when the report has them: pids[].bitrate_series. */
const pidSeries = (doc) => (doc.pids ?? []).filter((p) => Array.isArray(p.bitrate_series) && p.bitrate_series.length);

export function bitrateChart(doc) {
  const total = (doc.bitrate_series ?? []).map((s) => ({ start: s.start_us, duration: s.duration_us, value: s.bps }));
  if (total.length === 0) {
    return svg({ id: 'bitrate-chart', 'aria-label': 'Bitrate over time: no time base, no series' },
      text(width / 2, height / 2, 'No bitrate series (the stream has no time base)', { 'text-anchor': 'middle', class: 'label' }));
  }
  const max = Math.max(...total.map((s) => s.value)) * 1.1 || 1;
  const x0 = total[0].start, x1 = total.at(-1).start + total.at(-1).duration;
  const mean = total.reduce((n, s) => n + s.value * s.duration, 0) / Math.max(1, x1 - x0);
  const lines = pidSeries(doc).slice(0, 6).map((p, i) => h('svg:path', {
    d: stepPath(p.bitrate_series.map((s) => ({ start: s.start_us, duration: s.duration_us, value: s.bps })), x0, x1, max),
    class: `series s${i}`, 'data-pid': p.pid }));
  return svg({ id: 'bitrate-chart', 'aria-label': `Bitrate over time: peak ${rateText(max / 1.1)}, mean ${rateText(Math.round(mean))}, ${total.length} windows` },
    h('svg:title', {}, 'Bitrate over time'),
    ...axes(rateText(Math.round(max)), timeText(x0), timeText(x1)),
    h('svg:path', { d: stepPath(total, x0, x1, max), class: 'series total' }),
    ...lines);
}

/**
 * PCR interval/jitter: from PCR statistics when the report has them (a histogram per PCR PID),
 * otherwise from the PCR events (2.3a intervals, 2.4 accuracy) over time.
 */
export function pcrChart(doc) {
  const stats = doc.pcr_statistics ?? doc.pcr ?? (doc.pids ?? []).map((p) => p.pcr).filter(Boolean);
  const withHistogram = Array.isArray(stats) ? stats.find((s) => Array.isArray(s?.histogram) && s.histogram.length) : null;
  if (withHistogram) return histogramChart(withHistogram);
  const events = (doc.events?.items ?? []).filter((e) => /^2\.[34]/.test(e.id) && e.time_us != null);
  if (events.length === 0) {
    const pcrPids = (doc.pids ?? []).filter((p) => p.pcr_packets > 0).map((p) => `0x${p.pid.toString(16)}: ${p.pcr_packets} PCRs`);
    return svg({ id: 'pcr-chart', 'aria-label': 'PCR chart: no PCR statistics in this report and no PCR events' },
      text(width / 2, height / 2 - 8, 'No PCR statistics in this report version, and no PCR interval or accuracy events.', { 'text-anchor': 'middle', class: 'label' }),
      text(width / 2, height / 2 + 12, pcrPids.join(' · ') || 'No PCRs.', { 'text-anchor': 'middle', class: 'label' }));
  }
  const x1 = Math.max(...events.map((e) => e.time_us)) || 1;
  const max = Math.max(...events.map((e) => Math.abs(e.value))) * 1.1 || 1;
  const dots = events.map((e) => h('svg:circle', {
    cx: (left + (e.time_us / x1) * plotW).toFixed(1), cy: (top + plotH - (Math.abs(e.value) / max) * plotH).toFixed(1),
    r: 3, class: e.id.startsWith('2.4') ? 'dot jitter' : 'dot interval' }, h('svg:title', {}, `${e.id} ${e.reason}: ${e.value} at ${timeText(e.time_us)}`)));
  return svg({ id: 'pcr-chart', 'aria-label': `PCR events over time: ${events.length} (interval in µs, accuracy in ns)` },
    h('svg:title', {}, 'PCR interval and accuracy events'), ...axes(String(Math.round(max)), '0 s', timeText(x1)), ...dots);
}

function histogramChart(stats) {
  const bins = stats.histogram;
  const count = (b) => (typeof b === 'number' ? b : b.count ?? 0);
  const label = (b, i) => (typeof b === 'object' ? (b.upper_ns ?? b.upper_us ?? b.le ?? b.label ?? i) : i);
  const max = Math.max(...bins.map(count)) || 1;
  const barW = plotW / bins.length;
  const bars = bins.map((b, i) => h('svg:rect', {
    x: (left + i * barW + 1).toFixed(1), width: Math.max(1, barW - 2).toFixed(1),
    y: (top + plotH - (count(b) / max) * plotH).toFixed(1), height: ((count(b) / max) * plotH).toFixed(1), class: 'bar' },
  h('svg:title', {}, `≤ ${label(b, i)}: ${count(b)}`)));
  return svg({ id: 'pcr-chart', 'aria-label': `PCR jitter histogram for PID ${stats.pid ?? ''}: ${bins.length} bins` },
    h('svg:title', {}, 'PCR jitter histogram'), ...axes(String(max), String(label(bins[0], 0)), String(label(bins.at(-1), bins.length - 1))), ...bars);
}

/** Events as marks along the stream (time, or packet index without a time base). */
export function timelineChart(doc, priorityOf, onPick) {
  const items = doc.events?.items ?? [];
  const timed = items.every((e) => e.time_us != null) && doc.input.duration_us;
  const end = timed ? doc.input.duration_us : Math.max(1, doc.input.packets);
  const marks = items.map((e, i) => h('svg:rect', {
    x: (left + ((timed ? e.time_us : e.packet) / end) * plotW).toFixed(1), y: 8, width: 3, height: 24,
    class: `mark p${priorityOf(e.id)}`, onclick: () => onPick(e, i) }, h('svg:title', {}, `${e.id} ${e.name} · packet ${e.packet}`)));
  return h('svg:svg', { id: 'event-timeline', class: 'timeline', viewBox: `0 0 ${width} 56`, role: 'img',
    'aria-label': `Event timeline: ${items.length} events; the list below opens each packet` },
  h('svg:line', { x1: left, y1: 32, x2: left + plotW, y2: 32, class: 'axis' }),
  text(left, 50, timed ? '0 s' : 'packet 0', { class: 'label' }),
  text(left + plotW, 50, timed ? timeText(end) : `packet ${end}`, { 'text-anchor': 'end', class: 'label' }), ...marks);
}
