// The worker side of the glue: owns the wasm instance, moves bytes across the boundary.
// Calling convention (see wasm/Exports.swift): tandem_alloc(n) → pointer; an entry point takes
// (pointer, length) and returns a result buffer [u32 little-endian length][bytes]; tandem_free
// releases both. After a trap the instance is discarded and instantiated anew.

import { SliceSchedule, nextTurn } from './lua-slices.js';

let module;      // WebAssembly.Module, kept to re-instantiate after a trap
let exports;     // the current instance's exports

async function instantiate() {
  const instance = await WebAssembly.instantiate(module, {});
  exports = instance.exports;
  exports._initialize();
}

/** Copies `bytes` into module memory, calls `use(pointer, length)`, frees the buffer. */
function withBuffer(bytes, use) {
  const pointer = exports.tandem_alloc(bytes.length);
  if (!pointer) throw new Error('out of memory in the wasm module');
  try {
    new Uint8Array(exports.memory.buffer, pointer, bytes.length).set(bytes);
    return use(pointer, bytes.length);
  } finally {
    exports.tandem_free(pointer);
  }
}

/** Copies a result buffer out of module memory and frees it. */
function takeResult(pointer) {
  const length = new DataView(exports.memory.buffer).getUint32(pointer, true);
  const bytes = new Uint8Array(exports.memory.buffer, pointer + 4, length).slice();
  exports.tandem_free(pointer);
  return bytes;
}

const call = (name, bytes) => takeResult(withBuffer(bytes, (p, n) => exports[name](p, n)));

let cancelled = false;  // set by a 'cancel' message, checked between slices
const outputEveryMs = 100;  // how often a running script's partial document is taken (it costs a digest)

/**
 * Runs a Lua request in slices (lua-slices.js: timed, unless `sliceSteps` fixes them). Between
 * slices it reports progress: the steps so far and, at most every `outputEveryMs`, the partial
 * document's output and memory peak (a paused session's document says "paused" and carries what
 * the script has written so far).
 */
async function runLua(bytes, sliceSteps, progress) {
  const handle = withBuffer(bytes, exports.tandem_lua_start);
  if (handle === 0) return takeResult(exports.tandem_lua_result(0));  // the request-error document
  const schedule = new SliceSchedule(sliceSteps);
  let reportedAt = performance.now();
  try {
    for (;;) {
      const started = performance.now();
      if (exports.tandem_lua_step(handle, schedule.steps) !== 0) break;
      schedule.record(performance.now() - started);
      const update = { steps: exports.tandem_lua_steps(handle) * 1e6 };
      if (performance.now() - reportedAt >= outputEveryMs) {
        const partial = JSON.parse(new TextDecoder().decode(takeResult(exports.tandem_lua_result(handle))));
        Object.assign(update, { steps: partial.steps, output: partial.output ?? '', memoryPeak: partial.memory_peak });
        reportedAt = performance.now();
      }
      progress(update);
      await nextTurn();
      if (cancelled) throw new Error('cancelled');
    }
    return takeResult(exports.tandem_lua_result(handle));
  } finally {
    exports.tandem_lua_close(handle);
  }
}

/** Feeds a Blob to the streaming validator chunk by chunk; posts progress (bytes fed). `options`: the JSON options (profile, policy). */
async function validateStream(blob, options, chunkBytes, progress) {
  const optionBytes = new TextEncoder().encode(JSON.stringify(options));
  const handle = withBuffer(optionBytes, exports.tandem_stream_start);
  if (handle === 0) return takeResult(exports.tandem_stream_finish(0));
  try {
    for (let offset = 0; offset < blob.size; offset += chunkBytes) {
      const chunk = new Uint8Array(await blob.slice(offset, offset + chunkBytes).arrayBuffer());
      withBuffer(chunk, (p, n) => exports.tandem_stream_push(handle, p, n));
      progress(Math.min(offset + chunkBytes, blob.size));
      await nextTurn();
      if (cancelled) throw new Error('cancelled');
    }
    return takeResult(exports.tandem_stream_finish(handle));
  } finally {
    exports.tandem_stream_close(handle);
  }
}

/** Fetches and compiles the module; reports its size and how it travelled. */
async function load(url) {
  const response = await fetch(url);
  const bytes = await response.arrayBuffer();
  module = await WebAssembly.compile(bytes);
  await instantiate();
  return { size: bytes.byteLength, exports: WebAssembly.Module.exports(module).map((e) => e.name), ...await transfer(url, response) };
}

/**
 * How the module travels: { encoding, encodedSize, offline }. Resource timing knows the size on
 * the wire when the module came straight from the network; when the service worker or a cache
 * answered, a HEAD request (which the service worker lets through) asks the server what it
 * sends; with the server away the module came from the page's offline copy.
 */
async function transfer(url, response) {
  const timing = globalThis.performance?.getEntriesByName?.(url)?.[0];
  if (timing?.transferSize > 0) {
    return { encoding: response.headers.get('content-encoding'), encodedSize: timing.encodedBodySize, offline: false };
  }
  try {
    const head = await fetch(url, { method: 'HEAD', cache: 'no-store' });
    const length = Number(head.headers.get('content-length'));
    return { encoding: head.headers.get('content-encoding'), encodedSize: length > 0 ? length : null, offline: false };
  } catch {
    return { encoding: null, encodedSize: null, offline: true };
  }
}

self.onmessage = async ({ data }) => {
  if (data.op === 'cancel') { cancelled = true; return; }
  const reply = (message, transfer = []) => self.postMessage({ id: data.id, ...message }, transfer);
  try {
    if (data.op === 'init') {
      reply({ result: await load(data.url) });
    } else if (data.op === 'lua' || data.op === 'stream') {
      cancelled = false;
      const progress = (value) => reply({ progress: value });
      const result = data.op === 'lua'
        ? await runLua(new Uint8Array(data.bytes), data.sliceSteps, progress)
        : await validateStream(data.blob, data.options, data.chunkBytes, progress);
      reply({ result }, [result.buffer]);
    } else if (data.op === 'call') {
      const result = call(data.export, new Uint8Array(data.bytes));
      reply({ result }, [result.buffer]);
    } else {
      reply({ error: `unknown op ${data.op}` });
    }
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError && module) await instantiate();
    reply({ error: String(error.message || error) });
  }
};
