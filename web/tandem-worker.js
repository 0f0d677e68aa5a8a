// The worker side of the glue: owns the wasm instance, moves bytes across the boundary.
// Calling convention (see wasm/Exports.swift): tandem_alloc(n) → pointer; an entry point takes
// (pointer, length) and returns a result buffer [u32 little-endian length][bytes]; tandem_free
// releases both. After a trap the instance is discarded and instantiated anew.

let module;      // WebAssembly.Module, kept to re-instantiate after a trap
let exports;     // the current instance's exports

async function instantiate() {
  const instance = await WebAssembly.instantiate(module, {});
  exports = instance.exports;
  exports._initialize();
}

function writeBytes(bytes) {
  const pointer = exports.tandem_alloc(bytes.length);
  if (!pointer) throw new Error('out of memory in the wasm module');
  new Uint8Array(exports.memory.buffer, pointer, bytes.length).set(bytes);
  return pointer;
}

function takeResult(pointer) {
  const length = new DataView(exports.memory.buffer).getUint32(pointer, true);
  const bytes = new Uint8Array(exports.memory.buffer, pointer + 4, length).slice();
  exports.tandem_free(pointer);
  return bytes;
}

function call(name, bytes) {
  const input = writeBytes(bytes);
  try {
    return takeResult(exports[name](input, bytes.length));
  } finally {
    exports.tandem_free(input);
  }
}

let cancelled = false;  // set by a 'cancel' message, checked between slices
const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));  // lets messages in

/** Runs a Lua request in slices; posts progress (steps so far) between slices. */
async function runLua(bytes, sliceSteps, progress) {
  const input = writeBytes(bytes);
  let handle;
  try { handle = exports.tandem_lua_start(input, bytes.length); } finally { exports.tandem_free(input); }
  if (handle === 0) return takeResult(exports.tandem_lua_result(0));  // the request-error document
  try {
    while (exports.tandem_lua_step(handle, sliceSteps) === 0) {
      progress(exports.tandem_lua_steps(handle) * 1e6);
      await nextTurn();
      if (cancelled) throw new Error('cancelled');
    }
    return takeResult(exports.tandem_lua_result(handle));
  } finally {
    exports.tandem_lua_close(handle);
  }
}

/** Feeds a Blob to the streaming validator chunk by chunk; posts progress (bytes fed). */
async function validateStream(blob, profile, chunkBytes, progress) {
  const options = new TextEncoder().encode(JSON.stringify({ profile }));
  const input = writeBytes(options);
  let handle;
  try { handle = exports.tandem_stream_start(input, options.length); } finally { exports.tandem_free(input); }
  if (handle === 0) return takeResult(exports.tandem_stream_finish(0));
  try {
    for (let offset = 0; offset < blob.size; offset += chunkBytes) {
      const chunk = new Uint8Array(await blob.slice(offset, offset + chunkBytes).arrayBuffer());
      const pointer = writeBytes(chunk);
      try { exports.tandem_stream_push(handle, pointer, chunk.length); } finally { exports.tandem_free(pointer); }
      progress(Math.min(offset + chunkBytes, blob.size));
      await nextTurn();
      if (cancelled) throw new Error('cancelled');
    }
    return takeResult(exports.tandem_stream_finish(handle));
  } finally {
    exports.tandem_stream_close(handle);
  }
}

self.onmessage = async ({ data }) => {
  if (data.op === 'cancel') { cancelled = true; return; }
  const reply = (message, transfer = []) => self.postMessage({ id: data.id, ...message }, transfer);
  try {
    if (data.op === 'init') {
      const response = await fetch(data.url);
      const bytes = await response.arrayBuffer();
      module = await WebAssembly.compile(bytes);
      await instantiate();
      const names = WebAssembly.Module.exports(module).map((e) => e.name);
      reply({ result: { size: bytes.byteLength, exports: names } });
    } else if (data.op === 'lua' || data.op === 'stream') {
      cancelled = false;
      const progress = (value) => reply({ progress: value });
      const result = data.op === 'lua'
        ? await runLua(new Uint8Array(data.bytes), data.sliceSteps, progress)
        : await validateStream(data.blob, data.profile, data.chunkBytes, progress);
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
