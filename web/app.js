// The page: loads the engine, runs each capability in the browser and asks the server for the
// same computation, and shows whether the two documents are byte-identical.

import { Tandem, document } from './tandem.js';
import { setUpLuaPanel } from './lua-panel.js';
import { setUpStreamPanel } from './stream-panel.js';

const $ = (id) => document_.getElementById(id);
const document_ = globalThis.document;

const tandem = await Tandem.load().catch((error) => {
  $('engine-status').textContent = `engine failed: ${error.message}`;
  $('engine-status').className = 'pill bad';
  throw error;
});
$('engine-status').textContent = `engine ready · tandem.wasm ${tandem.info.size.toLocaleString()} bytes`;
$('engine-status').className = 'pill good';

checkServer();
setInterval(checkServer, 5000);

/** Pings /healthz so the page can say whether the server half is there. */
async function checkServer() {
  const pill = $('server-status');
  try {
    const response = await fetch('healthz', { cache: 'no-store' });
    pill.textContent = response.ok ? 'server: online' : `server: ${response.status}`;
    pill.className = response.ok ? 'pill good' : 'pill bad';
  } catch {
    pill.textContent = 'server: offline (browser side keeps working)';
    pill.className = 'pill warn';
  }
}

/**
 * Posts a body to an API endpoint; resolves to a document, or to { error } when the server is
 * unreachable or refuses (statuses in `acceptStatus` still count as documents, e.g. 422).
 */
async function serverDocument(path, body, { acceptStatus = [] } = {}) {
  try {
    const response = await fetch(path, { method: 'POST', body });
    const result = document(new Uint8Array(await response.arrayBuffer()));
    if (response.ok || acceptStatus.includes(response.status)) return result;
    return { error: result.json.message ?? result.json.error?.message ?? `HTTP ${response.status}` };
  } catch (error) {
    return { error: `server unreachable (${error.message})` };
  }
}

setUpLuaPanel(tandem, serverDocument);
setUpStreamPanel(tandem, serverDocument);

/** Shows both documents and whether they match byte for byte. */
function compare(browser, server, ids) {
  $(ids.browser).textContent = browser.error ?? JSON.stringify(browser.json, null, 2);
  $(ids.server).textContent = server.error ?? JSON.stringify(server.json, null, 2);
  const verdict = $(ids.verdict);
  if (server.error || browser.error) {
    verdict.textContent = 'Only one side answered.';
    verdict.className = 'verdict warn';
  } else if (browser.text === server.text) {
    verdict.textContent = `Byte-identical documents · ${browser.json.digest}`;
    verdict.className = 'verdict good';
  } else {
    verdict.textContent = 'The documents differ!';
    verdict.className = 'verdict bad';
  }
}

async function inputBytes() {
  const file = $('digest-file').files[0];
  return file ? new Uint8Array(await file.arrayBuffer()) : new TextEncoder().encode($('digest-input').value);
}

$('digest-run').addEventListener('click', async () => {
  const bytes = await inputBytes();
  const [browser, server] = await Promise.all([
    tandem.digest(bytes).catch((error) => ({ error: error.message })),
    serverDocument('api/digest', bytes),
  ]);
  compare(browser, server, { browser: 'digest-browser', server: 'digest-server', verdict: 'digest-verdict' });
});
$('digest-run').click();
