// The packet view: the bytes of one transport packet, read from the file at an event's byte
// offset, as a hex dump with the header fields spelled out (ISO/IEC 13818-1 §2.4.3.2-2.4.3.5,
// PES §2.4.3.6, PSI pointer_field §2.4.4.1). Display only: the verdicts come from the core.

import { $, h } from './dom.js';

const bit = (byte, n) => (byte >> n) & 1;

/** Header fields of the 188-byte packet `p` (sync byte first). */
export function decodePacket(p) {
  const fields = [
    ['sync_byte', `0x${p[0].toString(16)}${p[0] === 0x47 ? '' : ' (not 0x47!)'}`],
    ['transport_error_indicator', bit(p[1], 7)],
    ['payload_unit_start_indicator', bit(p[1], 6)],
    ['transport_priority', bit(p[1], 5)],
    ['PID', `0x${(((p[1] & 0x1f) << 8) | p[2]).toString(16).padStart(4, '0')} (${((p[1] & 0x1f) << 8) | p[2]})`],
    ['transport_scrambling_control', (p[3] >> 6) & 3],
    ['adaptation_field_control', ['reserved', 'payload only', 'adaptation field only', 'adaptation field and payload'][(p[3] >> 4) & 3]],
    ['continuity_counter', p[3] & 15],
  ];
  let payload = 4;
  if ((p[3] >> 4) & 2) {
    const length = p[4];
    payload = 5 + length;
    fields.push(['adaptation_field_length', length]);
    if (length > 0) {
      const flags = p[5];
      fields.push(['discontinuity_indicator', bit(flags, 7)], ['random_access_indicator', bit(flags, 6)],
        ['elementary_stream_priority_indicator', bit(flags, 5)]);
      if (bit(flags, 4) && length >= 7) fields.push(['PCR', clockText(p, 6)]);
      if (bit(flags, 3) && length >= 13) fields.push(['OPCR', clockText(p, bit(flags, 4) ? 12 : 6)]);
    }
  }
  if (bit(p[1], 6) && (p[3] >> 4) & 1 && payload < 188) {
    if (p[payload] === 0 && p[payload + 1] === 0 && p[payload + 2] === 1) fields.push(...pesFields(p, payload));
    else fields.push(['pointer_field', p[payload]], ['table_id', `0x${(p[payload + 1 + p[payload]] ?? 0).toString(16)}`]);
  }
  return { fields, payload: Math.min(payload, 188) };
}

/** PCR base × 300 + extension, in 27 MHz ticks and seconds. */
function clockText(p, at) {
  const base = p[at] * 2 ** 25 + p[at + 1] * 2 ** 17 + p[at + 2] * 2 ** 9 + p[at + 3] * 2 + (p[at + 4] >> 7);
  const ticks = base * 300 + (((p[at + 4] & 1) << 8) | p[at + 5]);
  return `${ticks} (${(ticks / 27e6).toFixed(6)} s)`;
}

function pesFields(p, at) {
  const fields = [['PES stream_id', `0x${p[at + 3].toString(16)}`], ['PES_packet_length', (p[at + 4] << 8) | p[at + 5]]];
  const flags = p[at + 7] >> 6;
  const timestamp = (o) => ((p[o] >> 1) & 7) * 2 ** 30 + (p[o + 1] << 22 | (p[o + 2] >> 1) << 15 | p[o + 3] << 7 | p[o + 4] >> 1);
  if (flags & 2) fields.push(['PTS', `${timestamp(at + 9)} (${(timestamp(at + 9) / 90000).toFixed(4)} s)`]);
  if (flags === 3) fields.push(['DTS', `${timestamp(at + 14)} (${(timestamp(at + 14) / 90000).toFixed(4)} s)`]);
  return fields;
}

/** Hex dump rows: offset, 16 bytes (header and adaptation field marked), ASCII. */
function dump(bytes, start, payload, fileOffset) {
  const rows = [];
  for (let row = 0; row < bytes.length; row += 16) {
    const cells = [];
    for (let i = row; i < Math.min(row + 16, bytes.length); i++) {
      const at = i - start;
      const cls = at < 0 ? 'prefix' : at < 4 ? 'hdr' : at < payload ? 'af' : '';
      cells.push(h('span', { class: cls }, bytes[i].toString(16).padStart(2, '0')), ' ');
    }
    const ascii = Array.from(bytes.subarray(row, row + 16), (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    rows.push(`${(fileOffset + row).toString(16).padStart(8, '0')}  `, ...cells, ' '.repeat((16 - (cells.length / 2)) * 3), ` ${ascii}\n`);
  }
  return rows;
}

/** Opens the packet view for `event` of a report on `file`. */
export async function openHexView(file, event, packetSize) {
  const size = packetSize || 188;
  const bytes = new Uint8Array(await file.slice(event.offset, event.offset + size).arrayBuffer());
  const start = bytes[0] === 0x47 || size !== 192 ? 0 : 4;  // 192-byte units may start with the arrival timestamp
  const packet = bytes.subarray(start, start + 188);
  const { fields, payload } = packet.length === 188 ? decodePacket(packet) : { fields: [['packet', 'truncated']], payload: 0 };
  $('hex-title').textContent = `Packet ${event.packet} at byte ${event.offset} · ${event.id} ${event.name}`;
  $('hex-fields').replaceChildren(...fields.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, String(value))]));
  $('hex-dump').replaceChildren(...dump(bytes, start, payload, event.offset));
  $('hex-view').showModal();
}
