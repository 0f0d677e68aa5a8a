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

/** "tandem.wasm 740 kB (237 kB br on the wire)": the module's size and how it travels. */
function engineSize({ size, encoding, encodedSize, offline }) {
  const text = `tandem.wasm ${bytesText(size)}`;
  if (offline) return `${text} (the page's offline copy)`;
  return `${text} (${encodedSize ? `${bytesText(encodedSize)} ` : ''}${encoding ?? 'uncompressed'} on the wire)`;
}

const streamPanel = setUpStreamPanel(tandem);
await setUpLuaPanel(tandem);
await streamPanel;
document.body.dataset.ready = 'true';
