// The stream analyzer: a recording dropped or picked is validated in the browser chunk by
// chunk (progress, MB/s, cancel), shown as a report, optionally re-checked or verified by the
// server, and offered as downloads (the document itself, CSV of PIDs and events). With an
// ingest policy the browser's decision comes first, then the server's receipted one
// (policy-editor.js, policy-decision.js).

import { $, setVerdict, bytesText, download, csv } from './dom.js';
import { post } from './server.js';
import { renderReport, pidColumns, eventColumns } from './stream-report.js';
import { openHexView } from './hex-view.js';
import { scte35Columns } from './stream-tables.js';
import { recordVerification, checkText } from './receipts.js';
import { setUpPolicyEditor } from './policy-editor.js';
import { renderDecision, ingestOnServer } from './policy-decision.js';

const csvOf = (columns, rows) => csv(columns, rows.map((row) => columns.map((c) => row[c])));

export async function setUpStreamPanel(tandem) {
  let file = null;
  let browserDoc = null;
  let abort = null;
  let policy = null;  // the policy of the last analysis (policy-editor.js's current())
  const profile = () => $('stream-profile').value;
  /** The server's query for the browser's request: the profile and the policy. */
  const query = () => new URLSearchParams({ profile: profile(),
    ...(policy?.name ? { policy: policy.name } : policy ? { policy_source: policy.source } : {}) });
  const base = () => (file?.name ?? 'stream').replace(/\.[^.]*$/, '');

  async function analyze(chosen) {
    file = chosen;
    browserDoc = null;
    policy = policyEditor.current();
    setButtons({ running: true });
    setVerdict($('stream-verdict'), '');
    setVerdict($('policy-verdict'), '');
    $('policy-sides').hidden = !policy;
    if (policy) $('policy-browser').textContent = 'Deciding in the browser…';
    if (policy) $('policy-server').textContent = 'Waits for the browser\'s decision.';
    $('stream-report').replaceChildren();
    const started = performance.now();
    const progress = $('stream-progress');
    progress.max = file.size || 1;
    progress.value = 0;
    const status = $('stream-progress-text');
    status.textContent = `Checking ${file.name} in the browser…`;
    try {
      browserDoc = await tandem.validateStream(file, {
        profile: profile(),
        policy,
        onProgress: (bytes) => {
          progress.value = bytes;
          const seconds = (performance.now() - started) / 1000;
          status.textContent = `${bytesText(bytes)} of ${bytesText(file.size)} · ${(bytes / 1e6 / Math.max(seconds, 1e-3)).toFixed(1)} MB/s`;
        },
      });
      const ms = performance.now() - started;
      status.textContent = `${file.name}: ${bytesText(file.size)} checked in the browser in ${ms.toFixed(0)} ms (${(file.size / 1e3 / Math.max(ms, 1)).toFixed(1)} MB/s) · verdict ${browserDoc.json.verdict}`;
      if (policy) renderDecision($('policy-browser'), browserDoc.json.policy, `decided in ${ms.toFixed(0)} ms with the report, before any upload`);
      show(browserDoc.json, 'checked in the browser (wasm)');
    } catch (error) {
      status.textContent = error.message === 'cancelled' ? 'Cancelled.' : `Stopped: ${error.message}`;
      if (policy) $('policy-sides').hidden = true;
    } finally {
      setButtons({ running: false });
    }
    if (policy && browserDoc) await ingest();
  }

  /** The server's decision at ingest (cancel stops the upload). */
  async function ingest() {
    abort = new AbortController();
    $('stream-cancel').disabled = false;
    try {
      await ingestOnServer(file, profile(), policy, browserDoc, { signal: abort.signal });
    } finally {
      abort = null;
      $('stream-cancel').disabled = true;
    }
  }

  function show(doc, source) {
    $('stream-report').replaceChildren(renderReport(doc, source, (event) => openHexView(file, event, doc.input.packet_size)));
  }

  function setButtons({ running }) {
    $('stream-cancel').disabled = !running;
    $('stream-server').disabled = running || !file;
    $('policy-apply').disabled = running || !file;
    $('stream-verify').disabled = running || !browserDoc;
    for (const id of ['download-json', 'download-pids', 'download-events']) $(id).disabled = running || !browserDoc;
    $('download-scte35').disabled = running || !browserDoc?.json.scte35?.items.length;
  }

  async function checkOnServer() {
    abort = new AbortController();
    setVerdict($('stream-verdict'), 'Uploading to the server…');
    const result = await post(`api/stream/validate?${query()}`, file, { signal: abort.signal });
    if (result.error) { setVerdict($('stream-verdict'), result.error, 'warn'); return; }
    if (!browserDoc) { show(result.json, 'checked on the server'); return; }
    const same = browserDoc.text === result.text;
    setVerdict($('stream-verdict'), same ? `Browser and server agree byte for byte · ${result.json.digest} · server ${result.ms.toFixed(0)} ms`
      : 'Browser and server reports differ!', same ? 'good' : 'bad');
  }

  async function verify() {
    const digest = encodeURIComponent(browserDoc.json.digest);
    const result = await post(`api/stream/verify?${query()}&digest=${digest}`, file, { acceptStatus: [422] });
    if (result.error) { setVerdict($('stream-verdict'), result.error, 'warn'); return; }
    const check = await recordVerification(`Stream ${file.name}`, result.bytes);
    setVerdict($('stream-verdict'), result.json.verified ? `Server verified the browser's report · ${checkText(check)}`
      : 'Server disagrees with the browser report', result.json.verified ? 'good' : 'bad');
  }

  const drop = $('stream-drop');
  drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const dropped = event.dataTransfer?.files?.[0];
    if (dropped) analyze(dropped);
  });
  $('stream-pick').addEventListener('click', () => $('stream-file').click());
  $('stream-file').addEventListener('change', () => { if ($('stream-file').files[0]) analyze($('stream-file').files[0]); });
  $('stream-profile').addEventListener('change', () => { if (file) analyze(file); });
  $('stream-cancel').addEventListener('click', () => { tandem.cancel(); abort?.abort(); });
  $('stream-server').addEventListener('click', checkOnServer);
  $('stream-verify').addEventListener('click', verify);
  $('download-json').addEventListener('click', () => download(`${base()}.report.json`, browserDoc.bytes, 'application/json'));
  $('download-pids').addEventListener('click', () => download(`${base()}.pids.csv`,
    csvOf(pidColumns(browserDoc.json), browserDoc.json.pids), 'text/csv'));
  $('download-events').addEventListener('click', () => download(`${base()}.events.csv`,
    csvOf(eventColumns, browserDoc.json.events.items), 'text/csv'));
  $('download-scte35').addEventListener('click', () => download(`${base()}.scte35.csv`,
    csvOf(scte35Columns, browserDoc.json.scte35.items), 'text/csv'));
  $('hex-close').addEventListener('click', () => $('hex-view').close());

  const policyEditor = await setUpPolicyEditor(tandem, { apply: () => { if (file) analyze(file); }, cancel: () => tandem.cancel() });
  // The playground's policy example ("Use in the stream panel") opens here as a custom policy.
  document.addEventListener('tandem:use-policy', (event) => policyEditor.use(event.detail));
}
