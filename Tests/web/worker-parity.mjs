// Node parity test of the browser glue: loads web/tandem-worker.js (the very file the browser
// runs) with a minimal worker environment, sends it every corpus request exported by
// `tandem parity --export-corpus DIR`, and compares each answer with the native document.
// One-shot exports go through the worker's `call` op; stream sessions (options + chunk size)
// through its `stream` op, the path the page's stream panel takes. A Lua run goes both ways:
// one-shot, and sliced through the worker's `lua` op on the page's timed schedule
// (web/lua-slices.js) — slice boundaries must not change a byte of the document.
// Usage: node Tests/web/worker-parity.mjs DIR

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const corpus = process.argv[2];
if (!corpus) { console.error('usage: worker-parity.mjs CORPUS_DIR'); process.exit(2); }
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The worker environment: `self` with onmessage/postMessage, and fetch for file URLs.
const replies = new Map();
globalThis.self = { postMessage: (message) => replies.get(message.id)?.(message) };
globalThis.fetch = async (url) => {
  const bytes = readFileSync(fileURLToPath(url));
  return { arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
};
await import(pathToFileURL(path.join(root, 'web/tandem-worker.js')));

let nextId = 1;
function send(message) {
  const id = nextId++;
  return new Promise((resolve) => { replies.set(id, resolve); self.onmessage({ data: { ...message, id } }); });
}

/** Sends a long-running op and waits past its progress messages for the result or error. */
function finalReply(message) {
  const id = nextId++;
  return new Promise((resolve) => {
    replies.set(id, (reply) => { if (!('progress' in reply)) resolve(reply); });
    self.onmessage({ data: { ...message, id } });
  });
}

const init = await send({ op: 'init', url: String(pathToFileURL(path.join(root, 'web/tandem.wasm'))) });
if (init.error) { console.error('init failed:', init.error); process.exit(1); }

const stems = readdirSync(corpus).filter((f) => f.endsWith('.export')).map((f) => f.slice(0, -7)).sort();
let differences = 0, sliced = 0;
function check(name, reply, native) {
  if (name.endsWith('(sliced)')) sliced++;
  const same = !reply.error && Buffer.compare(Buffer.from(reply.result), native) === 0;
  if (!same) { differences++; console.log(`DIFF ${name}: ${reply.error ?? Buffer.from(reply.result).toString().slice(0, 200)}`); }
}
for (const stem of stems) {
  const read = (ext) => readFileSync(path.join(corpus, `${stem}.${ext}`));
  const name = read('name').toString();
  const exportName = read('export').toString();
  // A stream session goes through the worker's own chunked path, as a File picked on the page.
  const reply = exportName === 'stream_session'
    ? await finalReply({ op: 'stream', blob: new Blob([read('request')]), options: JSON.parse(read('options').toString() || '{}'),
      chunkBytes: Number(read('chunk').toString()) })
    : await send({ op: 'call', export: exportName, bytes: new Uint8Array(read('request')) });
  check(name, reply, read('native'));
  if (exportName === 'tandem_lua_run') {
    check(`${name} (sliced)`, await finalReply({ op: 'lua', bytes: new Uint8Array(read('request')) }), read('native'));
  }
}
console.log(`node worker parity: ${stems.length} cases, ${sliced} of them also sliced, ${differences} differences`);
if (stems.length === 0 || differences > 0) process.exit(1);
