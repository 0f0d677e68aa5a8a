// An ingest policy's decisions side by side: the browser's (the `policy` member of the report
// tandem.wasm made, shown as soon as the file is read, before anything is uploaded) and the
// server's (POST /api/stream/ingest answers a receipt of its own report with the decision; the
// receipt's Ed25519 signature is checked here by receipts.js, and its report is compared byte
// for byte with the browser's). A policy that fails or runs out of budget is shown as the
// policy's error: the report itself stays valid (REPORT.md, "policy").

import { $, h, setVerdict, bytesText } from './dom.js';
import { post } from './server.js';
import { recordVerification, checkText } from './receipts.js';

const tones = { accept: 'good', review: 'warn', reject: 'bad' };

/** The `policy` member as a box: the decision and its messages, or the policy's own error. */
export function renderDecision(node, policy, note = '') {
  const name = policy.name ? `preset ${policy.name}` : `custom policy ${policy.source_sha256.slice(0, 12)}…`;
  const facts = `${name} · ${policy.steps.toLocaleString('en')} steps · peak ${bytesText(policy.memory_peak)}`;
  const head = policy.status === 'ok'
    ? h('p', { class: `decision-head ${tones[policy.decision]}`, 'data-decision': policy.decision }, policy.decision.toUpperCase())
    : h('p', { class: 'decision-head warn', 'data-decision': 'none', 'data-policy-status': policy.status },
      policy.status === 'budget_exceeded' ? `Policy stopped: ${policy.budget} budget exceeded` : 'Policy error', ' — the report itself is complete');
  node.replaceChildren(...[head,
    policy.error ? h('p', { class: 'policy-error' }, policy.error) : null,
    policy.messages.length ? h('ul', { class: 'messages' }, ...policy.messages.map((m) => h('li', {}, m))) : null,
    policy.output ? h('pre', { class: 'output' }, policy.output) : null,
    h('p', { class: 'stats' }, facts), note ? h('p', { class: 'stats' }, note) : null].filter(Boolean));
}

/** A sealed document's members before `marker` (the digest, or a receipt's own members), closed again. */
function membersBefore(bytes, marker) {
  const text = new TextDecoder().decode(bytes);
  const at = text.lastIndexOf(marker);
  return at < 0 ? null : text.slice(0, at) + '}';
}

/**
 * Uploads `file` for ingest under `policy` ({ name } of a preset, or { source }: registered
 * first with POST /api/policies and named by its SHA-256) and shows the server's receipted
 * decision next to the browser's `browserDoc`.
 */
export async function ingestOnServer(file, profile, policy, browserDoc, { signal } = {}) {
  const box = $('policy-server');
  const verdict = $('policy-verdict');
  let name = policy.name;
  if (!name) {
    box.textContent = 'Registering the custom policy…';
    const registered = await post('api/policies', JSON.stringify({ source: policy.source }), { signal });
    if (registered.error) { serverFailed(`the server refused the policy: ${registered.error}`); return; }
    name = registered.json.name;
  }
  box.textContent = `Uploading ${bytesText(file.size)} for ingest (policy ${name})…`;
  const result = await post(`api/stream/ingest?profile=${profile}&policy=${encodeURIComponent(name)}`, file, { signal });
  if (result.error) { serverFailed(result.error); return; }
  const receipt = result.json;
  const same = membersBefore(result.bytes, ',"receipt_id":"') === membersBefore(browserDoc.bytes, ',"digest":"sha256:');
  const decision = receipt.policy.decision ?? receipt.policy.status;
  const check = await recordVerification(`Ingest ${file.name} (${name})`, result.bytes,
    { verified: decision === 'accept', summary: `decision ${decision}`, actual: same ? browserDoc.json.digest : null });
  renderDecision(box, receipt.policy, `receipt ${receipt.receipt_id} · ${checkText(check)} · server ${result.ms.toFixed(0)} ms`);
  const agree = (receipt.policy.decision ?? null) === (browserDoc.json.policy.decision ?? null);
  setVerdict(verdict, same
    ? `Browser and server reports are byte-identical (${browserDoc.json.digest}) · the same decision: ${decision}`
    : `Browser and server reports differ! ${agree ? `Both decided ${decision}.` : `Browser ${browserDoc.json.policy.decision}, server ${decision}.`}`,
  same && check.ok ? 'good' : 'bad');

  function serverFailed(message) {
    box.replaceChildren(h('p', { class: 'decision-head warn' }, 'No server decision'), h('p', {}, message));
    setVerdict(verdict, `The browser decided; the server could not (${message}).`, 'warn');
  }
}
