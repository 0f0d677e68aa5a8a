// The server half as the page sees it: posting requests, and a status line that follows the
// server going away and coming back (the page keeps computing either way).

import { $ } from './dom.js';
import { resultDocument } from './tandem.js';

/** The media type each endpoint takes (the server refuses others with 415). */
function contentType(path) {
  return path.startsWith('api/lua/') || path === 'api/policies' ? 'application/json' : 'application/octet-stream';
}

/**
 * Posts a body to an API endpoint; resolves to a document ({ bytes, text, json, ms }), or to
 * { error, code, status } when the server is unreachable or refuses. Refusals are JSON errors
 * `{"error":{"status","code","message"}}`; statuses in `acceptStatus` still count as
 * documents (422 for a claim that does not hold).
 */
export async function post(path, body, { acceptStatus = [], signal } = {}) {
  const started = performance.now();
  try {
    const response = await fetch(path, { method: 'POST', body, signal, headers: { 'Content-Type': contentType(path) } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const ms = performance.now() - started;
    if (response.ok || acceptStatus.includes(response.status)) {
      try { return { ...resultDocument(bytes), ms, status: response.status }; } catch {
        return { error: `HTTP ${response.status} (not a document)`, status: response.status };
      }
    }
    let refusal = null;
    try { refusal = JSON.parse(new TextDecoder().decode(bytes)).error; } catch { /* not JSON: a proxy's page */ }
    const retry = response.headers.get('Retry-After');
    const message = refusal?.message ?? `HTTP ${response.status}`;
    return { error: retry ? `${message} (retry in ${retry} s)` : message, code: refusal?.code, status: response.status };
  } catch (error) {
    return { error: error.name === 'AbortError' ? 'cancelled' : `server unreachable (${error.message})` };
  }
}

let online = null;
const listeners = [];

/** Calls `listener(up)` whenever the server goes away or comes back. */
export const onServerChange = (listener) => listeners.push(listener);

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
    for (const listener of listeners) listener(up);
  };
  check();
  setInterval(check, intervalMs);
  addEventListener('online', check);
  addEventListener('offline', check);
}
