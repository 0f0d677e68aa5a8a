// Receipts, checked in the browser. A receipt (see the receipts issue and DESIGN.md) is a
// verification document whose members end with `…,"key_id":…,"digest":"sha256:<hex>",
// "signature":"ed25519:<base64>"}`: the digest covers every byte before its member, the
// signature is Ed25519 over the ASCII bytes of the digest value. This module recomputes the
// digest with WebCrypto's SHA-256 and checks the signature with WebCrypto's Ed25519 against
// the server's public key from GET /api/identity — trusting neither the page's server nor the
// wasm core for the check. It also keeps the list shown in the receipts panel.

import { $, h } from './dom.js';

const encoder = new TextEncoder();
const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (bytes) => hex(await crypto.subtle.digest('SHA-256', bytes));

/** Last index of the ASCII `needle` in `bytes`, or -1. */
function lastIndexOf(bytes, needle) {
  const n = encoder.encode(needle);
  outer: for (let i = bytes.length - n.length; i >= 0; i--) {
    for (let j = 0; j < n.length; j++) if (bytes[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}

const closeBrace = new Uint8Array([0x7d]);
const join = (...parts) => { const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let at = 0; for (const p of parts) { out.set(p, at); at += p.length; } return out; };

/**
 * Checks a sealed document's digest: { ok, digest } where digest is "sha256:<hex>" as written.
 * The body is the document without its last member `,"digest":"sha256:…"` (closed again).
 */
export async function checkDigest(bytes) {
  const at = lastIndexOf(bytes, ',"digest":"sha256:');
  if (at < 0) return { ok: false, digest: null };
  const digest = new TextDecoder().decode(bytes.subarray(at + 11, at + 11 + 71));
  const ok = 'sha256:' + await sha256(join(bytes.subarray(0, at), closeBrace)) === digest;
  return { ok, digest };
}

let identityPromise = null;

/** The server's identity document; remembered for offline checks once seen. */
export function serverIdentity() {
  identityPromise ??= fetch('api/identity', { cache: 'no-store' }).then(async (response) => {
    if (!response.ok) throw new Error(`GET /api/identity answered ${response.status}`);
    const identity = await response.json();
    localStorage.setItem('tandem.identity', JSON.stringify(identity));
    return identity;
  }).catch((error) => {
    identityPromise = null;  // ask again next time
    const cached = localStorage.getItem('tandem.identity');
    if (cached) return JSON.parse(cached);
    throw error;
  });
  return identityPromise;
}

/**
 * Checks receipt bytes: resolves to { ok, keyId, reason, json }. `ok` means the digest matches
 * the content, the signature matches the digest under the identity's key, and the key id is
 * the identity's.
 */
export async function checkReceipt(bytes, identity) {
  const json = JSON.parse(new TextDecoder().decode(bytes));
  const at = lastIndexOf(bytes, ',"signature":"ed25519:');
  if (at < 0) return { ok: false, json, reason: 'not signed: this server issues no receipts yet' };
  const sealed = join(bytes.subarray(0, at), closeBrace);
  const { ok: digestOk, digest } = await checkDigest(sealed);
  if (!digestOk) return { ok: false, json, reason: 'the digest does not match the content (tampered)' };
  if (!globalThis.crypto?.subtle) return { ok: false, json, reason: 'WebCrypto needs a secure context (https or localhost)' };
  const publicKey = Uint8Array.from(atob(identity.public_key), (c) => c.charCodeAt(0));
  const keyId = (await sha256(publicKey)).slice(0, 16);
  if (keyId !== identity.key_id) return { ok: false, json, reason: 'the identity\'s key id does not match its key' };
  if (json.key_id !== keyId) return { ok: false, json, reason: `signed by another key (${json.key_id})` };
  const signature = Uint8Array.from(atob(json.signature.slice('ed25519:'.length)), (c) => c.charCodeAt(0));
  let valid;
  try {
    const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, encoder.encode(digest));
  } catch (error) {
    return { ok: false, json, reason: `this browser cannot check Ed25519 (${error.message})` };
  }
  return valid ? { ok: true, json, keyId } : { ok: false, json, reason: 'the signature does not match (tampered or another key)' };
}

/** Fetches a stored receipt by id and checks it. */
export async function fetchAndCheckReceipt(id) {
  const response = await fetch(`api/receipts/${encodeURIComponent(id)}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`receipt ${id}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return checkReceipt(bytes, await serverIdentity());
}

// The receipts panel: this page's verifications, newest first, kept across reloads.
const storageKey = 'tandem.receipts';
const stored = () => JSON.parse(localStorage.getItem(storageKey) ?? '[]');

/**
 * Records a verification answered by the server (the verification document's bytes): checks
 * its receipt (or, without one, its digest) in the browser and lists it. Resolves to the check.
 * `entry` overrides what the list shows for receipts that are not claims (an ingest's decision:
 * { verified, summary, actual }).
 */
export async function recordVerification(label, bytes, entry = {}) {
  const json = JSON.parse(new TextDecoder().decode(bytes));
  let check;
  if (json.signature) {
    check = await serverIdentity().then((identity) => checkReceipt(bytes, identity))
      .catch((error) => ({ ok: false, reason: error.message }));
  } else {
    const { ok } = await checkDigest(bytes);
    check = { ok: false, reason: ok ? 'digest checked in the browser; not signed (no receipts on this server yet)' : 'digest does not match' };
  }
  const listed = {
    label, verified: json.verified, receipt: json.receipt_id ?? null, keyId: check.keyId ?? null,
    issued: json.issued_at ?? new Date().toISOString(), actual: json.actual, ok: check.ok, reason: check.reason ?? null, ...entry,
  };
  localStorage.setItem(storageKey, JSON.stringify([listed, ...stored()].slice(0, 20)));
  renderReceipts();
  return check;
}

/** One line for a check: "signed by <key_id> ✓ (checked in this browser)" or why not. */
export const checkText = (check) => check.ok ? `signed by ${check.keyId} ✓ (checked in this browser)` : check.reason;

export function renderReceipts() {
  const list = $('receipts-list');
  const entries = stored();
  $('receipts-empty').hidden = entries.length > 0;
  list.replaceChildren(...entries.map((e, i) => h('li', { class: e.ok ? 'good' : e.verified ? 'warn' : 'bad' },
    h('strong', {}, e.label), ' · ', e.summary ?? (e.verified ? 'claim holds' : 'claim rejected'), ' · ',
    h('span', { class: 'check' }, e.ok ? checkText(e) : e.reason), e.rechecked ? ` · checked again ${e.rechecked}` : '', h('br'),
    h('small', {}, e.receipt ? ['receipt ', h('a', { href: `api/receipts/${encodeURIComponent(e.receipt)}` }, e.receipt), ' · '] : '', e.issued, ' · ', h('code', {}, e.actual ?? '')),
    e.receipt ? h('button', { type: 'button', class: 'secondary recheck', 'aria-label': `Check receipt ${e.receipt} again`, onclick: () => recheck(i) }, 'Check again') : null)));
}

/** Fetches entry `i`'s receipt from the server's ledger and checks it again, here. */
async function recheck(i) {
  const entries = stored();
  const e = entries[i];
  try {
    const check = await fetchAndCheckReceipt(e.receipt);
    Object.assign(e, { ok: check.ok, keyId: check.keyId ?? null, reason: check.reason ?? null });
  } catch (error) {
    Object.assign(e, { ok: false, reason: `could not fetch the receipt: ${error.message}` });
  }
  e.rechecked = new Date().toLocaleTimeString('en-GB');
  localStorage.setItem(storageKey, JSON.stringify(entries));
  renderReceipts();
}
