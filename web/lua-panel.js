// The Lua playground: an editor, examples, budgets, input; runs a script in the browser
// (sliced, output streaming, cancellable) and on the server side by side, lets the server
// verify the browser's result (a receipt), shares the whole state as a link, and shows the
// core's bytecode listing.

import { $, h, setVerdict, bytesText } from './dom.js';
import { Editor } from './editor.js';
import { examples } from './lua-examples.js';
import { errorLine, renderRun, statsText } from './lua-output.js';
import { post, onServerChange } from './server.js';
import { shareLink, readShareLink } from './share.js';
import { recordVerification, fetchAndCheckReceipt, checkText } from './receipts.js';
import { setUpGamePad } from './game-pad.js';

const budgetNames = ['steps', 'memory_bytes', 'call_depth', 'output_bytes'];
const storageKey = 'tandem.lua';

export async function setUpLuaPanel(tandem) {
  let lastBrowser = null;   // { key, request, doc } of the last finished browser run
  let lastServer = null;    // { key, text } of the last server run
  let receipt = null;       // { key, id } when the server verified the last browser run
  let abort = null;         // cancels a server run in flight

  const editor = new Editor($('lua-source'), { run: () => run(), cancel: () => cancel(), change: () => save() });

  /** The run request for the page's current state (only budgets the user set are sent). */
  function request() {
    const r = { source: editor.value, chunk_name: '=input', seed: Number($('lua-seed').value) || 0, host_time: 1700000000 };
    if ($('lua-input').value) r.input = $('lua-input').value;
    const budgets = {};
    for (const name of budgetNames) if ($(`budget-${name}`).value) budgets[name] = Number($(`budget-${name}`).value);
    if (Object.keys(budgets).length) r.budgets = budgets;
    return r;
  }
  const keyOf = (r) => JSON.stringify(r);

  function setState({ source, seed = 42, input = '', budgets = {} }) {
    editor.value = source;
    $('lua-seed').value = seed;
    $('lua-input').value = input;
    for (const name of budgetNames) $(`budget-${name}`).value = budgets[name] ?? '';
    $('lua-budgets').open ||= Object.keys(budgets).length > 0;
    $('game-pad').hidden = !source.startsWith('-- 2048');
    $('lua-use-policy').hidden = !source.startsWith('-- An ingest policy');
    save();
  }

  function save() {
    const { source, seed, input = '', budgets = {} } = request();
    localStorage.setItem(storageKey, JSON.stringify({ source, seed, input, budgets }));
    refreshListing();
  }

  async function run() {
    if ($('lua-run').disabled) return;
    const server = $('lua-also-server').checked;
    if (!server) clearServerSide();
    await Promise.all([runInBrowser(), server ? runOnServer() : null]);
  }

  /** A browser-only run: the server side would otherwise show another run's result. */
  function clearServerSide() {
    lastServer = null;
    $('lua-server-out').replaceChildren();
    $('lua-server-stats').textContent = 'not run (browser only)';
    setVerdict($('lua-verdict'), '');
  }

  async function runInBrowser() {
    const req = request();
    editor.clearErrors();
    setBusy(true);
    const out = $('lua-browser');
    out.replaceChildren();
    const started = performance.now();
    try {
      const doc = await tandem.runLua(req, {
        onProgress: ({ steps, output, memoryPeak }) => {
          const peak = memoryPeak === undefined ? '' : ` · peak ${bytesText(memoryPeak)}`;
          $('lua-browser-stats').textContent = `running · ${steps.toLocaleString('en')} steps${peak} · ${(performance.now() - started).toFixed(0)} ms`;
          if (output !== undefined) out.textContent = output;
        },
      });
      lastBrowser = { key: keyOf(req), request: req, doc };
      renderRun(out, doc.json, (n) => editor.goToLine(n));
      $('lua-browser-stats').textContent = statsText(doc.json, performance.now() - started);
      const line = errorLine(doc.json.error);
      if (line) editor.markError(line, doc.json.error.message);
      $('lua-verify').disabled = false;
      compare();
    } catch (error) {
      $('lua-browser-stats').textContent = `${error.message} after ${(performance.now() - started).toFixed(0)} ms`;
    } finally {
      setBusy(false);
    }
  }

  async function runOnServer() {
    const req = request();
    abort = new AbortController();
    $('lua-server-stats').textContent = 'running on the server…';
    const result = await post('api/lua/run', JSON.stringify(req), { signal: abort.signal });
    abort = null;
    if (result.error) {
      lastServer = null;
      $('lua-server-stats').textContent = result.error;
      $('lua-server-out').replaceChildren();
      return;
    }
    lastServer = { key: keyOf(req), text: result.text };
    renderRun($('lua-server-out'), result.json, (n) => editor.goToLine(n));
    $('lua-server-stats').textContent = statsText(result.json, result.ms) + ' (round trip)';
    compare();
  }

  function cancel() {
    tandem.cancel();
    abort?.abort();
  }

  /** Once both sides answered the same request: are the documents byte-identical? */
  function compare() {
    if (!lastBrowser || !lastServer || lastBrowser.key !== lastServer.key) return;
    const same = lastBrowser.doc.text === lastServer.text;
    setVerdict($('lua-verdict'), same ? `Byte-identical documents · ${lastBrowser.doc.json.digest}`
      : 'Browser and server documents differ!', same ? 'good' : 'bad');
  }

  /**
   * Asks the server to verify the last browser run (the request and the digest it produced):
   * it re-runs the request natively and answers a receipt, checked here in the browser. A game
   * submission names the score; one made while the server is away waits for it to come back.
   */
  async function verify({ game = false } = {}) {
    if (game && (!lastBrowser || lastBrowser.key !== keyOf(request()))) await runInBrowser();
    if (lastBrowser) await submit({ ...lastBrowser, game });
  }

  /** Submits one claim ({ key, request, doc, game }) and shows the server's answer. */
  async function submit(claim) {
    const { game } = claim;
    const score = game ? claim.doc.json.returns?.[0]?.value : null;
    const body = JSON.stringify({ request: claim.request, digest: claim.doc.json.digest });
    const result = await post('api/lua/verify', body, { acceptStatus: [422] });
    if (result.error) {
      const away = !result.status;
      if (away) pendingClaim = claim;
      setVerdict($('lua-verdict'), away ? `${result.error} · ${game ? `score ${score}` : 'the claim'} will be submitted when the server is back`
        : result.error, 'warn');
      return;
    }
    if (pendingClaim === claim) pendingClaim = null;
    const verified = result.json.verified;
    const check = await recordVerification(game ? `Game score ${score}` : 'Lua run', result.bytes);
    receipt = verified && result.json.receipt_id ? { key: claim.key, id: result.json.receipt_id } : null;
    const signed = `${result.json.receipt_id ? `receipt ${result.json.receipt_id} · ` : ''}${checkText(check)}`;
    setVerdict($('lua-verdict'), game
      ? (verified ? `Score ${score} verified: the server replayed ${moveCount(claim.request)} moves · ${signed}`
        : `Score ${score} rejected: the server's replay of these moves gives another result (${result.json.actual}) · ${signed}`)
      : (verified ? `Server verified the browser's result · ${result.json.actual} · ${signed}`
        : `Server disagrees: browser ${result.json.claimed}, server ${result.json.actual} · ${signed}`), verified ? 'good' : 'bad');
  }
  let pendingClaim = null;  // a game score submitted while the server was away
  const moveCount = (r) => (r.input?.match(/[UDLR]/g) ?? []).length;
  onServerChange((up) => { if (up && pendingClaim) submit(pendingClaim); });

  async function share() {
    const { source, seed, input = '', budgets = {} } = request();
    const state = { source, seed, input, budgets };
    if (receipt && receipt.key === keyOf(request())) state.receipt = receipt.id;
    const link = await shareLink(state);
    history.replaceState(null, '', link);
    const copied = await navigator.clipboard?.writeText(link).then(() => true, () => false);
    setVerdict($('lua-share-status'), copied ? 'Link copied to the clipboard and put in the address bar.'
      : 'Link put in the address bar (copy it from there).', 'good');
  }

  /** A shared link: restore its state, run it, and check its receipt when it has one. */
  async function openShared(state) {
    setState(state);
    await runInBrowser();
    if (!state.receipt) return;
    const status = $('lua-receipt');
    setVerdict(status, `Checking receipt ${state.receipt}…`);
    try {
      const check = await fetchAndCheckReceipt(state.receipt);
      const matches = check.json?.actual === lastBrowser?.doc.json.digest;
      setVerdict(status, check.ok
        ? `Receipt ${state.receipt}: ${checkText(check)}${matches ? ' · this run has the digest the server vouched for' : ' · but this run\'s digest differs!'}`
        : `Receipt ${state.receipt}: ${check.reason}`, check.ok && matches ? 'good' : 'bad');
    } catch (error) {
      setVerdict(status, `Receipt ${state.receipt} could not be checked: ${error.message}`, 'warn');
    }
  }

  // The bytecode view, drawn when its panel is open.
  async function refreshListing() {
    if (!$('lua-bytecode-panel').open) return;
    const out = $('lua-bytecode');
    try {
      const { status, listing = '', error, message } = (await tandem.luaListing(request())).json;
      // A syntax error or a budget: its message, then what fitted of the listing.
      out.textContent = status === 'ok' ? listing : [error?.message ?? message, listing].filter(Boolean).join('\n\n');
    } catch (error) {
      out.textContent = `The bytecode view is not available: ${error.message}.`;
    }
  }

  function setBusy(busy) {
    $('lua-run').disabled = busy;
    $('lua-cancel').disabled = !busy;
  }

  function loadExample(id) {
    const e = examples.find((x) => x.id === id);
    setState({ source: e.source, seed: 42, input: e.input ?? '', budgets: e.budgets ?? {} });
  }

  $('lua-examples').replaceChildren(...examples.map((e) => h('option', { value: e.id }, e.title)));
  $('lua-examples').addEventListener('change', () => loadExample($('lua-examples').value));
  $('lua-run').addEventListener('click', run);
  $('lua-cancel').addEventListener('click', cancel);
  $('lua-verify').addEventListener('click', () => verify());
  $('lua-share').addEventListener('click', share);
  $('lua-use-policy').addEventListener('click', () => document.dispatchEvent(new CustomEvent('tandem:use-policy', { detail: editor.value })));
  $('lua-bytecode-panel').addEventListener('toggle', refreshListing);
  for (const id of ['lua-seed', 'lua-input', ...budgetNames.map((n) => `budget-${n}`)]) $(id).addEventListener('input', save);
  $('budgets-reset').addEventListener('click', () => { for (const n of budgetNames) $(`budget-${n}`).value = ''; save(); });
  setUpGamePad($('game-pad'), $('lua-input'), { moved: () => { save(); clearServerSide(); runInBrowser(); }, submit: () => verify({ game: true }) });

  let shared = null;
  try { shared = await readShareLink(); } catch { setVerdict($('lua-share-status'), 'This share link is damaged.', 'bad'); }
  if (shared) { await openShared(shared); return; }
  const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
  if (saved) setState(saved); else loadExample('welcome');
}
