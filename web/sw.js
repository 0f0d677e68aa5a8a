// The service worker: keeps the page, its modules and tandem.wasm so that opening or
// reloading the page works with the server down. Network first (a fresh page whenever the
// server answers), the cache when it does not. API calls and health checks are never cached:
// their answers must come from the server or not at all.

const cacheName = 'tandem-page-v4';
const files = [
  './', 'index.html', 'style.css', 'manifest.webmanifest', 'icon.svg', 'tandem.wasm',
  'app.js', 'dom.js', 'server.js', 'tandem.js', 'tandem-worker.js', 'lua-slices.js', 'editor.js', 'lua-syntax.js',
  'lua-panel.js', 'lua-output.js', 'lua-examples.js', 'game-pad.js', 'share.js', 'receipts.js',
  'stream-panel.js', 'stream-report.js', 'stream-tables.js', 'report-extras.js', 'stream-charts.js', 'hex-view.js',
  'policy-editor.js', 'policy-decision.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll(files)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== cacheName).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const scope = new URL(self.registration.scope);
  const isPageFile = event.request.method === 'GET' && url.origin === scope.origin && url.pathname.startsWith(scope.pathname)
    && !url.pathname.startsWith(`${scope.pathname}api/`) && !['healthz', 'readyz', 'metrics'].some((p) => url.pathname.endsWith(p));
  if (!isPageFile) return;
  event.respondWith(networkFirst(event.request));
});

async function networkFirst(request) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true })
      ?? (request.mode === 'navigate' ? await cache.match('index.html') : undefined);
    if (cached) return cached;
    throw error;
  }
}
