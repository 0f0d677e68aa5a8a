// Summarizes a V8 CPU profile (node --cpu-prof) by self time per function, for profiling the
// wasm module in Node: build it with its names kept (wasm-opt -g, see BENCHMARKS.md), run
//   TANDEM_WASM=named.wasm node --cpu-prof --cpu-prof-dir=DIR bench/node-runner.mjs lua X.lua
// then: node bench/cpuprofile-top.mjs DIR/*.cpuprofile [N]   (prints the N hottest, default 30)
import { readFileSync } from 'node:fs';

const [file, count] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const name = n.callFrame.functionName || `(${n.callFrame.url || 'anonymous'})`;
  self.set(name, (self.get(name) ?? 0) + (dt[i + 1] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(count ?? 30));
for (const [name, us] of rows) {
  console.log(`${(100 * us / total).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(1).padStart(8)} ms  ${name.slice(0, 110)}`);
}
console.log(`total ${(total / 1000).toFixed(1)} ms`);
