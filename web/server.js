// The server half as the page sees it: posting requests, and a status line that follows the
// server going away and coming back (the page keeps computing either way).

import { $ } from './dom.js';
import { resultDocument } from './tandem.js';

/**
 * Posts a body to an API endpoint; resolves to a document ({ bytes, text, json, ms }), or to
 * { error } when the server is unreachable or refuses (statuses in `acceptStatus` still count
 * as documents, e.g. 422 for a claim that does not hold).
 */
export async function post(path, body, { acceptStatus = [], signal } = {}) {
  const started = performance.now();
  try {
    const response = await fetch(path, { method: 'POST', body, signal });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const ms = performance.now() - started;
    let result;
    try { result = { ...resultDocument(bytes), ms, status: response.status }; } catch {
      return { error: `HTTP ${response.status} (not a document)` };
    }
    if (response.ok || acceptStatus.includes(response.status)) return result;
    const json = result.json;
    return { error: json.message ?? json.error?.message ?? `HTTP ${response.status}`, status: response.status };
  } catch (error) {
    return { error: error.name === 'AbortError' ? 'cancelled' : `server unreachable (${error.message})` };
  }
}

let online = null;

/** Pings /healthz now and every few seconds, and whenever the browser's connectivity changes. */
export function watchServer(intervalMs = 3000) {
  const check = async () => {
    let up = false;
    try { up = (await fetch('healthz', { cache: 'no-store' })).ok; } catch { up = false; }
    if (up === online) return;
    online = up;
    const pill = $('server-status');
    pill.textContent = up ? 'server: online' : 'server: offline — this page keeps computing';
    pill.className = `pill ${up ? 'good' : 'warn'}`;
    document.body.classList.toggle('server-offline', !up);
  };
  check();
  setInterval(check, intervalMs);
  addEventListener('online', check);
  addEventListener('offline', check);
}
