// Charts of a stream report as inline SVG (no library): bitrate over time, PCR interval and
// jitter, and the event timeline. Each reads the members the report has and says so when one
// is missing (newer report versions add PCR statistics and per-PID series).

import { h, rateText, timeText } from './dom.js';
import { cueEvent } from './stream-tables.js';

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

/**
 * Per-PID series (pid_bitrate_series, version 3 on): the PIDs with the highest mean rate, at most
 * six, each as its own list of windows.
 */
function pidSeries(doc) {
  const series = doc.pid_bitrate_series;
  if (!series?.points?.length) return [];
  const mean = (k) => series.points.reduce((n, pt) => n + pt.bps[k] * pt.duration_us, 0);
  return series.pids.map((pid, k) => ({ pid, k, mean: mean(k) })).filter((p) => p.mean > 0)
    .sort((a, b) => b.mean - a.mean).slice(0, 6)
    .map(({ pid, k }) => ({ pid, windows: series.points.map((pt) => ({ start: pt.start_us, duration: pt.duration_us, value: pt.bps[k] })) }));
}

/** The PIDs drawn as their own lines, in the order of their line classes s0…s5. */
export const chartedPids = (doc) => pidSeries(doc).map((p) => p.pid);

export function bitrateChart(doc) {
  const total = (doc.bitrate_series ?? []).map((s) => ({ start: s.start_us, duration: s.duration_us, value: s.bps }));
  if (total.length === 0) {
    return svg({ id: 'bitrate-chart', 'aria-label': 'Bitrate over time: no time base, no series' },
      text(width / 2, height / 2, 'No bitrate series (the stream has no time base)', { 'text-anchor': 'middle', class: 'label' }));
  }
  const max = Math.max(...total.map((s) => s.value)) * 1.1 || 1;
  const x0 = total[0].start, x1 = total.at(-1).start + total.at(-1).duration;
  const mean = total.reduce((n, s) => n + s.value * s.duration, 0) / Math.max(1, x1 - x0);
  const lines = pidSeries(doc).map((p, i) => h('svg:path', { d: stepPath(p.windows, x0, x1, max), class: `series s${i}`, 'data-pid': p.pid }));
  return svg({ id: 'bitrate-chart', 'aria-label': `Bitrate over time: peak ${rateText(max / 1.1)}, mean ${rateText(Math.round(mean))}, ${total.length} windows` },
    h('svg:title', {}, 'Bitrate over time'),
    ...axes(rateText(Math.round(max)), timeText(x0), timeText(x1)),
    h('svg:path', { d: stepPath(total, x0, x1, max), class: 'series total' }),
    ...lines);
}

/** The PCR PID whose accuracy histogram is drawn: the one with the most samples, or null. */
export function pcrHistogramPid(doc) {
  const pids = (doc.pids ?? []).filter((p) => p.pcr?.accuracy?.samples > 0 && Array.isArray(p.pcr.accuracy.histogram));
  return pids.sort((a, b) => b.pcr.accuracy.samples - a.pcr.accuracy.samples)[0] ?? null;
}

/**
 * PCR accuracy: the histogram of deviations from PCR statistics (version 3 on); in older reports
 * or without samples, the PCR events (2.3a intervals, 2.4 accuracy) over time.
 */
export function pcrChart(doc) {
  const withHistogram = pcrHistogramPid(doc);
  if (withHistogram) return histogramChart(withHistogram.pid, withHistogram.pcr.accuracy);
  const events = (doc.events?.items ?? []).filter((e) => /^2\.[34]/.test(e.id) && e.time_us != null);
  if (events.length === 0) {
    const pcrPids = (doc.pids ?? []).filter((p) => p.pcr_packets > 0).map((p) => `0x${p.pid.toString(16)}: ${p.pcr_packets} PCRs`);
    return svg({ id: 'pcr-chart', 'aria-label': 'PCR chart: no accuracy samples and no PCR events' },
      text(width / 2, height / 2 - 8, 'No PCR accuracy samples and no PCR interval or accuracy events.', { 'text-anchor': 'middle', class: 'label' }),
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

/** Bins of deviation in ns: below the first edge, [edge k-1, edge k), at or above the last. */
function binLabel(edges, i) {
  if (i === 0) return `< ${edges[0]} ns`;
  if (i === edges.length) return `≥ ${edges.at(-1)} ns`;
  return `${edges[i - 1]} … ${edges[i]} ns`;
}

function histogramChart(pid, accuracy) {
  const { histogram: bins, histogram_edges_ns: edges = [] } = accuracy;
  const max = Math.max(...bins) || 1;
  const barW = plotW / bins.length;
  const bars = bins.map((count, i) => h('svg:rect', {
    x: (left + i * barW + 1).toFixed(1), width: Math.max(1, barW - 2).toFixed(1),
    y: (top + plotH - (count / max) * plotH).toFixed(1), height: ((count / max) * plotH).toFixed(1), class: 'bar' },
  h('svg:title', {}, `${binLabel(edges, i)}: ${count}`)));
  const labels = bins.length === edges.length + 1 ? [`< ${edges[0]} ns`, '0', `≥ ${edges.at(-1)} ns`] : ['', '', ''];
  return svg({ id: 'pcr-chart', 'aria-label': `PCR accuracy histogram of PID ${pid}: ${accuracy.samples} samples in ${bins.length} bins, deviations from ${accuracy.min_ns} to ${accuracy.max_ns} ns` },
    h('svg:title', {}, 'PCR accuracy histogram'), ...axes(String(max), labels[0], labels[2]),
    text(left + plotW / 2, height - 6, labels[1], { 'text-anchor': 'middle', class: 'label' }), ...bars);
}

/** Events as marks along the stream (time, or packet index without a time base). */
export function timelineChart(doc, priorityOf, onPick) {
  const items = doc.events?.items ?? [];
  const cues = (doc.scte35?.items ?? []).map(cueEvent);
  const timed = [...items, ...cues].every((e) => e.time_us != null) && doc.input.duration_us;
  const end = timed ? doc.input.duration_us : Math.max(1, doc.input.packets);
  const x = (e) => (left + ((timed ? e.time_us : e.packet) / end) * plotW).toFixed(1);
  const marks = items.map((e, i) => h('svg:rect', { x: x(e), y: 8, width: 3, height: 24,
    class: `mark p${priorityOf(e.id)}`, onclick: () => onPick(e, i) }, h('svg:title', {}, `${e.id} ${e.name} · packet ${e.packet}`)));
  const cueMarks = cues.map((e) => h('svg:rect', { x: x(e), y: 2, width: 3, height: 30, class: 'mark cue', onclick: () => onPick(e) },
    h('svg:title', {}, `SCTE-35 ${e.name.replaceAll('_', ' ')} · packet ${e.packet}`)));
  return h('svg:svg', { id: 'event-timeline', class: 'timeline', viewBox: `0 0 ${width} 56`, role: 'img',
    'aria-label': `Event timeline: ${items.length} events${cues.length ? ` and ${cues.length} SCTE-35 cues` : ''}; the lists below open each packet` },
  h('svg:line', { x1: left, y1: 32, x2: left + plotW, y2: 32, class: 'axis' }),
  text(left, 50, timed ? '0 s' : 'packet 0', { class: 'label' }),
  text(left + plotW, 50, timed ? timeText(end) : `packet ${end}`, { 'text-anchor': 'end', class: 'label' }), ...marks, ...cueMarks);
}
