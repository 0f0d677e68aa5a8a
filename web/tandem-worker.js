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

self.onmessage = async ({ data }) => {
  const reply = (message, transfer = []) => self.postMessage({ id: data.id, ...message }, transfer);
  try {
    if (data.op === 'init') {
      const response = await fetch(data.url);
      const bytes = await response.arrayBuffer();
      module = await WebAssembly.compile(bytes);
      await instantiate();
      const names = WebAssembly.Module.exports(module).map((e) => e.name);
      reply({ result: { size: bytes.byteLength, exports: names } });
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
