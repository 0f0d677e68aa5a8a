// The stream panel: validates a recording in the browser chunk by chunk, uploads it to the
// server for the same check, and lets the server verify the browser's document digest.

const $ = (id) => globalThis.document.getElementById(id);

export function setUpStreamPanel(tandem, post) {
  let browserDoc = null;
  const file = () => $('stream-file').files[0];
  const profile = () => $('stream-profile').value;

  $('stream-file').addEventListener('change', () => {
    const ready = Boolean(file());
    for (const id of ['stream-run', 'stream-server']) $(id).disabled = !ready;
    $('stream-verify').disabled = true;
  });

  $('stream-run').addEventListener('click', async () => {
    const f = file();
    const started = performance.now();
    $('stream-progress').max = f.size || 1;
    try {
      browserDoc = await tandem.validateStream(f, {
        profile: profile(),
        onProgress: (bytes) => { $('stream-progress').value = bytes; },
      });
      render(browserDoc.json, `browser · ${(performance.now() - started).toFixed(0)} ms`);
      $('stream-verify').disabled = false;
    } catch (error) {
      $('stream-report').textContent = `stopped: ${error.message}`;
    }
  });

  $('stream-server').addEventListener('click', async () => {
    const result = await post(`api/stream/validate?profile=${profile()}`, file());
    if (result.error) { $('stream-verdict').textContent = result.error; return; }
    render(result.json, 'server');
    if (browserDoc) {
      const same = browserDoc.text === result.text;
      $('stream-verdict').textContent = same ? `Browser and server agree · ${result.json.digest}` : 'Browser and server reports differ!';
      $('stream-verdict').className = same ? 'verdict good' : 'verdict bad';
    }
  });

  $('stream-verify').addEventListener('click', async () => {
    const digest = encodeURIComponent(browserDoc.json.digest);
    const result = await post(`api/stream/verify?profile=${profile()}&digest=${digest}`, file(), { acceptStatus: [422] });
    const verdict = $('stream-verdict');
    if (result.error) { verdict.textContent = result.error; verdict.className = 'verdict warn'; return; }
    verdict.textContent = result.json.verified ? `Server verified the browser's report · ${result.json.actual}` : 'Server disagrees with the browser report';
    verdict.className = result.json.verified ? 'verdict good' : 'verdict bad';
  });
}

/** Renders the facts, the verdict and the indicator table of a stream_report document. */
function render(doc, source) {
  const input = doc.input;
  const seconds = input.duration_us != null ? `${(input.duration_us / 1e6).toFixed(3)} s` : 'unknown duration';
  const rate = input.bitrate_bps != null ? `${(input.bitrate_bps / 1e6).toFixed(3)} Mbit/s` : '';
  const programs = doc.programs.map((p) => `program ${p.program_number}: ` +
    p.streams.map((s) => `0x${s.pid.toString(16)} ${s.codec}`).join(', ')).join(' · ');
  const rows = [...doc.indicators, ...doc.extra_checks].map((c) => {
    const cls = c.status === 'ok' ? 'ok' : c.status === 'error' ? 'error' : 'na';
    const where = c.first ? `packet ${c.first.packet}, byte ${c.first.offset}` : '';
    return `<tr><td>${c.id}</td><td>${c.name}</td><td class="${cls}">${c.status.replace('_', ' ')}</td>` +
      `<td>${c.count || ''}</td><td>${where}</td></tr>`;
  }).join('');
  $('stream-report').innerHTML =
    `<p class="facts"><b>${doc.verdict.toUpperCase()}</b> (${source}) · ${input.bytes.toLocaleString()} bytes, ` +
    `${input.packet_size}-byte packets, ${input.packets.toLocaleString()} packets, ${seconds} ${rate} · profile ${doc.profile.name}<br>${programs}</p>` +
    `<table class="checks"><tr><th>id</th><th>indicator</th><th>status</th><th>count</th><th>first</th></tr>${rows}</table>`;
}
