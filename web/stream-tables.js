// The clock and the splice markers of a stream report (version 3, Sources/TransportStream/
// REPORT.md): PCR statistics per PCR PID (intervals between PCR values, ISO/IEC 13818-1 2.7.2;
// accuracy against the line through the neighbours, the TR 101 290 2.4 test, with the model it
// was measured on) and the SCTE-35 cues (ANSI/SCTE 35 splice_info_section). Both are absent
// from older reports, and then nothing is shown. Display only.

import { h, pidText, timeText, dataTable } from './dom.js';

const ms = (us) => (us == null ? '—' : `${(us / 1000).toFixed(2)} ms`);
const ns = (n) => (n == null ? '—' : `${n.toLocaleString('en')} ns`);
const ticks = (t90k) => (t90k == null ? '—' : `${(t90k / 90000).toFixed(3)} s`);
const yesNo = (b) => (b == null ? '—' : b ? 'yes' : 'no');

/** What a PCR PID's accuracy figures mean under their model. */
export function modelText(accuracy) {
  const model = accuracy.model === 'arrival_timestamps' ? 'against arrival timestamps' : 'against byte position';
  return accuracy.measurable ? model : `${model} (variable bitrate: the figures show bitrate variation, not clock jitter)`;
}

/** The PCR section: one row per PID that carried PCRs; [] for a report without PCR statistics. */
export function pcrSection(doc) {
  const pids = (doc.pids ?? []).filter((p) => p.pcr);
  if (pids.length === 0) return [];
  const rows = pids.map(({ pid, pcr }) => {
    const a = pcr.accuracy ?? {};
    return [pidText(pid), pcr.intervals, ms(pcr.interval_min_us), ms(pcr.interval_mean_us), ms(pcr.interval_max_us),
      pcr.discontinuities, a.samples ?? '—', a.samples ? `${a.within_tolerance.toLocaleString('en')} (${(100 * a.within_tolerance / a.samples).toFixed(1)} %)` : '—',
      ns(a.min_ns), ns(a.max_ns), ns(a.mean_abs_ns), a.model ? modelText(a) : '—'];
  });
  return [h('h3', {}, 'PCR'), dataTable('pcr-table', 'PCR statistics per PID',
    ['PID', 'intervals', 'min', 'mean', 'max', 'discontinuities', 'accuracy samples', 'within tolerance', 'min dev', 'max dev', 'mean |dev|', 'model'], rows)];
}

/** The SCTE-35 section: every cue with its splice time and pre-roll; [] for a report without. */
export function scte35Section(doc, onCue) {
  if (!doc.scte35) return [];
  const { items, listed, dropped } = doc.scte35;
  const title = h('h3', {}, `SCTE-35 cues (${listed}${dropped ? ` listed, ${dropped} more dropped` : ''})`);
  if (items.length === 0) return [title, h('p', { class: 'muted', id: 'scte35-table' }, 'No SCTE-35 cues.')];
  const rows = items.map((c) => [
    h('button', { type: 'button', class: 'event', onclick: () => onCue(cueEvent(c)) }, timeText(c.time_us)), pidText(c.pid),
    c.command.replaceAll('_', ' '), c.event_id == null ? '—' : String(c.event_id), c.out_of_network == null ? '—' : c.out_of_network ? 'out of network' : 'return',
    c.immediate ? 'immediate' : ticks(c.splice_pts_90k), ticks(c.break_duration_90k), c.preroll_us == null ? '—' : `${(c.preroll_us / 1e6).toFixed(3)} s`,
    (c.segmentation ?? []).map((s) => `0x${(s.type_id ?? 0).toString(16).padStart(2, '0')}${s.duration_90k != null ? ` ${ticks(s.duration_90k)}` : ''}`).join(', ') || '—',
    yesNo(c.cancel)]);
  return [title, dataTable('scte35-table', 'SCTE-35 cues', ['at', 'PID', 'command', 'event id', 'direction', 'splice time', 'break', 'pre-roll', 'segmentation', 'cancel'], rows)];
}

/** A cue as the packet view and the timeline take an event. */
export const cueEvent = (c) => ({ id: 'SCTE-35', name: c.command, reason: c.command, pid: c.pid, packet: c.packet, offset: c.offset, time_us: c.time_us });

/** CSV columns of the SCTE-35 download. */
export const scte35Columns = ['pid', 'packet', 'offset', 'time_us', 'command', 'command_type', 'pts_adjustment_90k', 'event_id',
  'cancel', 'out_of_network', 'immediate', 'splice_pts_90k', 'break_duration_90k', 'auto_return', 'preroll_us'];
