// The page: loads the engine (tandem.wasm in a worker), follows the server, and sets up the
// panels. Every computation happens in the browser first; the server half is optional.

import { $, bytesText } from './dom.js';
import { Tandem } from './tandem.js';
import { watchServer } from './server.js';
import { setUpLuaPanel } from './lua-panel.js';
import { setUpStreamPanel } from './stream-panel.js';
import { renderReceipts } from './receipts.js';

// Offline: the service worker keeps the page, its modules and the module for the next visit.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').catch((error) => console.warn('no offline cache:', error.message));
}

watchServer();
renderReceipts();

const tandem = await Tandem.load().catch((error) => {
  $('engine-status').textContent = `engine failed: ${error.message}`;
  $('engine-status').className = 'pill bad';
  throw error;
});
$('engine-status').textContent = `engine ready · ${engineSize(tandem.info)}`;
$('engine-status').className = 'pill good';

/** "tandem.wasm 1.20 MB (412 kB br on the wire)": the module's size and how it travelled. */
function engineSize({ size, encoding, encodedSize, transferSize }) {
  const text = `tandem.wasm ${bytesText(size)}`;
  if (transferSize === 0 && encodedSize) return `${text} (from cache${encoding ? `, ${bytesText(encodedSize)} ${encoding} when fetched` : ''})`;
  if (encoding && encodedSize) return `${text} (${bytesText(encodedSize)} ${encoding} on the wire)`;
  return `${text} (${encoding ? encoding : 'uncompressed'} on the wire)`;
}

setUpStreamPanel(tandem);
await setUpLuaPanel(tandem);
document.body.dataset.ready = 'true';
