// Tandem's browser glue: loads tandem.wasm in a Web Worker and exposes promise-returning
// functions that mirror the module's exports. It copies bytes in and out and nothing more —
// all logic lives in the Swift core, so the browser and the server give the same answers.
//
//   import { Tandem } from './tandem.js';
//   const tandem = await Tandem.load();            // spawns the worker, instantiates the module
//   const doc = await tandem.digest(bytes);         // { bytes: Uint8Array, text: string, json: object }
//   const run = await tandem.runLua({ source: 'print(1)' }, { onProgress: ({ steps, output }) => … });
//   const listing = await tandem.luaListing({ source: 'print(1)' });   // json.listing: as luac5.4 -l -l prints it
//   const report = await tandem.validateStream(file, { profile: 'dvb', policy: { name: 'web-upload' }, onProgress: (bytes) => … });
//   tandem.cancel();                                // stops the running script or validation; the worker stays
//   tandem.terminate();                             // stops the worker (and anything it is running)

export class Tandem {
  #worker;
  #pending = new Map();
  #nextId = 1;

  /** Module facts reported by the worker: { size, exports, encoding, encodedSize, offline }. */
  info;

  /** Starts a worker and resolves once the module is instantiated. */
  static async load(wasmUrl = new URL('./tandem.wasm', import.meta.url)) {
    const tandem = new Tandem(new Worker(new URL('./tandem-worker.js', import.meta.url), { type: 'module' }));
    tandem.info = await tandem.#request({ op: 'init', url: String(wasmUrl) });
    return tandem;
  }

  constructor(worker) {
    this.#worker = worker;
    worker.onmessage = ({ data }) => {
      const pending = this.#pending.get(data.id);
      if (!pending) return;
      if (data.progress !== undefined) { pending.onProgress?.(data.progress); return; }
      this.#pending.delete(data.id);
      data.error ? pending.reject(new Error(data.error)) : pending.resolve(data.result);
    };
    worker.onerror = (event) => {
      for (const p of this.#pending.values()) p.reject(new Error(event.message || 'worker failed'));
      this.#pending.clear();
    };
  }

  /** True when the loaded module has this export (older builds lack newer entry points). */
  has(exportName) { return this.info.exports.includes(exportName); }

  /** SHA-256 digest document of `bytes` (a Uint8Array), computed by the wasm core. */
  digest(bytes) { return this.call('tandem_digest', bytes); }

  /**
   * Runs a Lua script in slices (so the page stays responsive and V8 optimizes the interpreter
   * between calls): timed ones (lua-slices.js), or `sliceSteps` VM steps each when given. `request` is the run request object
   * ({ source, chunk_name, seed, host_time, args, input, budgets }); resolves to the lua_run
   * document. `onProgress` receives { steps } after each slice and, every 100 ms or so,
   * { steps, output, memoryPeak } with the output so far.
   */
  async runLua(request, { onProgress, sliceSteps = 0 } = {}) {
    const bytes = new TextEncoder().encode(JSON.stringify(request));
    return resultDocument(await this.#request({ op: 'lua', bytes, sliceSteps }, onProgress, [bytes.buffer]));
  }

  /** The core's `luac -l -l` listing of a run request's chunk (a lua_listing document; compiled, never run). */
  luaListing(request) { return this.call('tandem_lua_listing', new TextEncoder().encode(JSON.stringify(request))); }

  /**
   * Validates an MPEG-TS recording (a File, Blob or Uint8Array) chunk by chunk; resolves to
   * the stream_report document. `policy` decides over the report: { name } of a preset or
   * { source } (Lua). `onProgress` receives the number of bytes fed so far.
   */
  async validateStream(input, { profile = 'generic', policy = null, onProgress, chunkBytes = 4 << 20 } = {}) {
    const blob = input instanceof Blob ? input : new Blob([input]);
    const options = { profile, ...(policy?.name ? { policy: policy.name } : policy ? { policy_source: policy.source } : {}) };
    return resultDocument(await this.#request({ op: 'stream', blob, options, chunkBytes }, onProgress));
  }

  /** The policy presets with their sources, as the core runs them (a policy_presets document). */
  policyPresets() { return this.call('tandem_policy_presets', new Uint8Array()); }

  /** Cancels the running script or validation (it rejects with "cancelled"). */
  cancel() { this.#worker.postMessage({ op: 'cancel' }); }

  /** Calls a one-shot export with request bytes; resolves to the result document. */
  async call(exportName, bytes, onProgress) {
    const copy = bytes.slice();  // transferred to the worker; the caller's array stays usable
    const result = await this.#request({ op: 'call', export: exportName, bytes: copy }, onProgress, [copy.buffer]);
    return resultDocument(result);
  }

  /** Terminates the worker; pending calls reject. */
  terminate() {
    this.#worker.terminate();
    for (const p of this.#pending.values()) p.reject(new Error('terminated'));
    this.#pending.clear();
  }

  #request(message, onProgress, transfer = []) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ ...message, id }, transfer.filter((b) => b instanceof ArrayBuffer && b.byteLength));
    });
  }
}

/** Wraps result bytes (a Uint8Array): the canonical JSON text and its parsed form. */
export function resultDocument(bytes) {
  const text = new TextDecoder().decode(bytes);
  return { bytes, text, json: JSON.parse(text) };
}
