// The Lua panel: runs the script in the browser (sliced, cancellable) and on the server, and
// lets the server verify the browser's document by its digest.

import { document as toDocument } from './tandem.js';

const $ = (id) => globalThis.document.getElementById(id);

export function setUpLuaPanel(tandem, post) {
  let lastBrowser = null;  // { request, doc } of the last browser run, for verification

  const request = () => ({
    source: $('lua-source').value,
    chunk_name: '=input',
    seed: Number($('lua-seed').value) || 0,
    host_time: 1700000000,  // a fixed host input, recorded in the request, so documents are reproducible
  });

  $('lua-run').addEventListener('click', async () => {
    const req = request();
    setBusy(true);
    const started = performance.now();
    try {
      const doc = await tandem.runLua(req, {
        onProgress: (steps) => { $('lua-progress').textContent = `${(steps / 1e6).toFixed(0)} M steps…`; },
      });
      lastBrowser = { request: req, doc };
      $('lua-browser').textContent = describeRun(doc.json);
      $('lua-progress').textContent = `browser: ${(performance.now() - started).toFixed(0)} ms`;
      $('lua-verify').disabled = false;
      compareIfBoth();
    } catch (error) {
      $('lua-browser').textContent = `stopped: ${error.message}`;
      $('lua-progress').textContent = '';
    } finally {
      setBusy(false);
    }
  });

  $('lua-cancel').addEventListener('click', () => tandem.cancel());

  $('lua-server').addEventListener('click', async () => {
    const result = await post('api/lua/run', JSON.stringify(request()));
    $('lua-server-out').textContent = result.error ?? describeRun(result.json);
    $('lua-server-out').dataset.text = result.text ?? '';
    compareIfBoth();
  });

  $('lua-verify').addEventListener('click', async () => {
    if (!lastBrowser) return;
    const body = JSON.stringify({ request: lastBrowser.request, digest: lastBrowser.doc.json.digest });
    const result = await post('api/lua/verify', body, { acceptStatus: [422] });
    const verdict = $('lua-verdict');
    if (result.error) { verdict.textContent = result.error; verdict.className = 'verdict warn'; return; }
    verdict.textContent = result.json.verified
      ? `Server verified the browser's result · ${result.json.actual}`
      : `Server disagrees: browser ${result.json.claimed}, server ${result.json.actual}`;
    verdict.className = result.json.verified ? 'verdict good' : 'verdict bad';
  });

  function compareIfBoth() {
    const serverText = $('lua-server-out').dataset.text;
    if (!lastBrowser || !serverText) return;
    const verdict = $('lua-verdict');
    const same = lastBrowser.doc.text === serverText;
    verdict.textContent = same ? `Byte-identical documents · ${lastBrowser.doc.json.digest}` : 'Browser and server documents differ (different script or seed?)';
    verdict.className = same ? 'verdict good' : 'verdict warn';
  }

  function setBusy(busy) {
    $('lua-run').disabled = busy;
    $('lua-cancel').disabled = !busy;
  }
}

/** A readable rendering of a lua_run document. */
export function describeRun(doc) {
  const lines = [];
  if (doc.output) lines.push(doc.output.replace(/\n$/, ''));
  if (doc.output_base64) lines.push(`(binary output, ${atob(doc.output_base64).length} bytes)`);
  if (doc.error) lines.push(`error: ${doc.error.message ?? ''}${doc.error.traceback ? '\n' + doc.error.traceback : ''}`);
  if (doc.returns?.length) lines.push('returns: ' + doc.returns.map(showValue).join(', '));
  lines.push(`— ${doc.status}, ${doc.steps.toLocaleString()} steps, peak ${doc.memory_peak.toLocaleString()} bytes`);
  return lines.join('\n');
}

function showValue(v) {
  switch (v.type) {
    case 'nil': return 'nil';
    case 'boolean': return String(v.value);
    case 'integer': case 'float': return v.value;
    case 'string': return JSON.stringify(v.value ?? `<${v.base64?.length} base64 chars>`);
    default: return v.tostring;
  }
}

export { toDocument };
