// How a lua_run document reads in the playground: the output, the error with a clickable
// traceback, the returned values, and a stats line (status, steps, memory peak, time).

import { h, bytesText } from './dom.js';

/** The source line an error points at ("input:12: …" in its message or its traceback), or null. */
export function errorLine(error) {
  const where = /(?:^|\n)\s*input:(\d+):/.exec(error?.message ?? '') ?? /(?:^|\n)\s*input:(\d+):/.exec(error?.traceback ?? '');
  return where ? Number(where[1]) : null;
}

/**
 * Renders a document into `pre`: output, then error and traceback (lines naming a source line
 * become buttons calling `goToLine(n)`), then returns.
 */
export function renderRun(pre, doc, goToLine) {
  const parts = [];
  if (doc.output) parts.push(doc.output);
  if (doc.output_base64) parts.push(`(binary output, ${atob(doc.output_base64).length} bytes)\n`);
  if (doc.stderr) parts.push(h('span', { class: 'stderr' }, doc.stderr));  // io.stderr and warnings, when the document has them
  if (doc.error) {
    parts.push(h('span', { class: 'run-error' }, `${doc.error.kind} error: ${doc.error.message ?? '(binary message)'}\n`));
    for (const line of (doc.error.traceback ?? '').split('\n').filter(Boolean)) {
      const at = /input:(\d+):/.exec(line);
      parts.push(at
        ? h('button', { type: 'button', class: 'trace-line', 'data-line': at[1], onclick: () => goToLine(Number(at[1])),
          'aria-label': `Go to line ${at[1]}: ${line.trim()}` }, line)
        : line, '\n');
    }
  }
  if (doc.returns?.length) parts.push(h('span', { class: 'returns' }, '→ ' + doc.returns.map(showValue).join(', ')));
  if (parts.length === 0) parts.push(h('span', { class: 'muted' }, '(no output)'));
  pre.replaceChildren(...parts);
}

/** "ok · 1,234 steps · peak 12.3 kB · 4 ms" */
export function statsText(doc, ms) {
  const status = doc.status === 'budget_exceeded' ? `budget exceeded (${doc.error?.budget})` : doc.status.replace('_', ' ');
  return `${status} · ${doc.steps.toLocaleString('en')} steps · peak ${bytesText(doc.memory_peak)} · ${ms.toFixed(0)} ms`;
}

function showValue(v) {
  switch (v.type) {
    case 'nil': return 'nil';
    case 'boolean': return String(v.value);
    case 'integer': case 'float': return v.value;
    case 'string': return v.value !== undefined ? JSON.stringify(v.value) : `<${atob(v.base64).length} bytes>`;
    default: return v.tostring;
  }
}
