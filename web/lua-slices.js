// Sliced Lua runs: how many VM steps each slice of a run gets, and how the loop yields between
// slices. Shared by the worker (tandem-worker.js) and bench/node-runner.mjs, so the benchmark
// measures the browser's own schedule. Slice boundaries never change a result: a run's document
// is byte-identical however it is sliced (the parity suites run slices of 1, 7, 101… steps).
//
// Why slices follow time and start small: V8 first runs the module in baseline code (Liftoff)
// and compiles hot functions with its optimizing tier (TurboFan) in the background. A wasm
// function switches to the optimized code only at its next call — there is no on-stack
// replacement — so the slice that is running when the interpreter loop's optimized code arrives
// finishes in baseline code, several times slower. Short first slices pick the optimized code
// up within milliseconds; then the slices grow until each takes about `sliceTargetMs`, so
// crossing the boundary and reporting progress cost a fraction of a per cent.
//
// Why a message channel rather than setTimeout(0): browsers clamp nested timeouts to at least
// 4 ms, a fifth of a 20 ms slice; a posted message lets the worker's queued messages (a cancel)
// in without that pause.

/** Wall time a slice aims at, in milliseconds: the page's progress and cancel latency. */
export const sliceTargetMs = 25;

const firstSliceSteps = 100_000;
const minSliceSteps = 10_000;
const maxSliceSteps = 50_000_000;  // a step budget is far larger; tandem_lua_step takes an Int32

/** The step counts of a sliced run's slices: fixed, or adapted to the time the last one took. */
export class SliceSchedule {
  #steps;
  #fixed;

  /** `fixedSteps` > 0 gives every slice that many steps; otherwise slices adapt to time. */
  constructor(fixedSteps = 0) {
    this.#fixed = fixedSteps > 0;
    this.#steps = this.#fixed ? fixedSteps : firstSliceSteps;
  }

  /** Steps for the next slice. */
  get steps() { return this.#steps; }

  /** Records how long the last slice took; the next one grows or shrinks by at most 4×. */
  record(elapsedMs) {
    if (this.#fixed) return;
    const factor = Math.min(4, Math.max(0.25, sliceTargetMs / Math.max(elapsedMs, 0.05)));
    this.#steps = Math.round(Math.min(maxSliceSteps, Math.max(minSliceSteps, this.#steps * factor)));
  }
}

/** Resolves on the next turn of the event loop, after messages already queued. */
export function nextTurn() {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => { port1.close(); resolve(); };
    port2.postMessage(null);
  });
}
