// Share links: the playground's state (script, seed, input, budgets, and a receipt id when the
// server verified the run) as a URL fragment — JSON, deflated with the browser's
// CompressionStream, base64url. A fragment never reaches the server, so a link is private to
// whoever holds it.

const prefix = '#run=';

async function pipe(bytes, stream) {
  const response = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

function toBase64url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The link for `state` ({ source, seed, input, budgets, receipt }): this page's URL with a fragment. */
export async function shareLink(state) {
  const packed = await pipe(new TextEncoder().encode(JSON.stringify(state)), new CompressionStream('deflate-raw'));
  return `${location.origin}${location.pathname}${prefix}${toBase64url(packed)}`;
}

/** The state a link's fragment carries, or null when `hash` is not a share fragment. Throws on a damaged link. */
export async function readShareLink(hash = location.hash) {
  if (!hash.startsWith(prefix)) return null;
  const bytes = await pipe(fromBase64url(hash.slice(prefix.length)), new DecompressionStream('deflate-raw'));
  return JSON.parse(new TextDecoder().decode(bytes));
}
