// Runs Tandem's wasm module in Node, the way the browser glue does, for `make bench`:
//   node bench/node-runner.mjs lua SCRIPT.lua [SLICE_STEPS]   → prints the script's output
//     (sliced as the page's worker slices: timed slices from web/lua-slices.js, or SLICE_STEPS each)
//   node bench/node-runner.mjs stream FILE.ts [CHUNK_BYTES]   → prints the verdict and MB/s
// TANDEM_WASM=path runs another build of the module (e.g. one keeping its names, for a profile).
// TANDEM_TIMING=1 prints to standard error where the time goes: compiling and instantiating
// the module, then each run of the script (TANDEM_RUNS=n runs it n times in one instance, so
// the later runs show the steady state after V8 has tiered the module up; the output is the
// last run's).
import { readFileSync, openSync, readSync, fstatSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SliceSchedule, nextTurn } from '../web/lua-slices.js';

const [mode, path, arg] = process.argv.slice(2);
const timing = !!process.env.TANDEM_TIMING;
const t0 = performance.now();
const bytes = readFileSync(process.env.TANDEM_WASM ?? new URL('../web/tandem.wasm', import.meta.url));
const module = await WebAssembly.compile(bytes);
const t1 = performance.now();
const instance = await WebAssembly.instantiate(module, {});
const e = instance.exports;
e._initialize();
if (timing) {
  const used = process.cpuUsage();
  console.error(`compile ${(t1 - t0).toFixed(1)} ms, instantiate ${(performance.now() - t1).toFixed(1)} ms; ` +
    `CPU so far ${((used.user + used.system) / 1000).toFixed(0)} ms`);
}

function write(bytes) {
  const p = e.tandem_alloc(bytes.length);
  new Uint8Array(e.memory.buffer, p, bytes.length).set(bytes);
  return p;
}
function take(p) {
  const n = new DataView(e.memory.buffer).getUint32(p, true);
  const text = new TextDecoder().decode(new Uint8Array(e.memory.buffer, p + 4, n));
  e.tandem_free(p);
  return JSON.parse(text);
}

if (mode === 'lua') {
  const request = new TextEncoder().encode(JSON.stringify({
    source: readFileSync(path, 'utf8'), chunk_name: '@' + path,
    budgets: { steps: 1e8, memory_bytes: 64 * 2 ** 20, output_bytes: 4 * 2 ** 20 },  // the hosts' limits
  }));
  const runs = Number(process.env.TANDEM_RUNS ?? 1);
  let doc;
  for (let run = 1; run <= runs; run++) {
    const started = performance.now(), cpu = process.cpuUsage();
    const p = write(request);
    const handle = e.tandem_lua_start(p, request.length);
    e.tandem_free(p);
    const schedule = new SliceSchedule(Number(arg ?? 0));
    const slices = [];
    for (;;) {
      const s = performance.now();
      const done = e.tandem_lua_step(handle, schedule.steps) !== 0;  // next slice: V8 tiers up between calls
      slices.push(performance.now() - s);
      if (done) break;
      schedule.record(slices.at(-1));
      await nextTurn();  // as the worker does, to let a cancel in
    }
    doc = take(e.tandem_lua_result(handle));
    e.tandem_lua_close(handle);
    if (timing) {
      const used = process.cpuUsage(cpu);
      console.error(`run ${run}: ${(performance.now() - started).toFixed(1)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms (all threads), ${slices.length} slices (` +
        slices.slice(0, 16).map((x) => x.toFixed(0)).join(' ') + (slices.length > 16 ? ' …' : '') + ' ms)');
    }
  }
  process.stdout.write(doc.output ?? '');
  if (doc.error) { console.error(doc.error.message); process.exit(1); }
} else if (mode === 'stream') {
  const chunk = Number(arg ?? 4 << 20);
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const options = new TextEncoder().encode('{}');
  const op = write(options);
  const handle = e.tandem_stream_start(op, options.length);
  e.tandem_free(op);
  const buffer = Buffer.alloc(chunk);
  const pointer = e.tandem_alloc(chunk);
  const started = process.hrtime.bigint();
  let n;
  while ((n = readSync(fd, buffer, 0, chunk)) > 0) {
    new Uint8Array(e.memory.buffer, pointer, n).set(buffer.subarray(0, n));
    e.tandem_stream_push(handle, pointer, n);
  }
  const doc = take(e.tandem_stream_finish(handle));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${doc.verdict} ${(size / seconds / 1e9).toFixed(2)} GB/s`);
} else {
  console.error('usage: node-runner.mjs lua|stream PATH [ARG]');
  process.exit(2);
}
