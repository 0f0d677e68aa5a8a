// The stream panel's ingest policy: a preset menu and the playground's own editor (editor.js)
// over <textarea id="policy-source">. The presets' sources come from the core itself
// (tandem_policy_presets: policies/*.lua compiled into tandem.wasm), so the editor shows the
// very source that `policy=NAME` runs in the browser and on the server. Editing a preset makes
// it a custom policy.

import { $, h } from './dom.js';
import { Editor } from './editor.js';

const storageKey = 'tandem.policy';

/**
 * Sets up the menu and the editor; `apply()` is called on Ctrl/Cmd+Enter and on "Apply to the
 * file" (a new choice applies to the next file, or to this one with those). Resolves to { current, use }: `current()` is null (no
 * policy), { name, source } (a preset) or { source } (custom); `use(source)` opens a source as
 * the custom policy.
 */
export async function setUpPolicyEditor(tandem, { apply, cancel }) {
  const menu = $('policy-preset');
  const editor = new Editor($('policy-source'), { run: () => apply(), cancel: () => cancel(), change: () => edited() });
  let presets = [];
  try {
    presets = (await tandem.policyPresets()).json.presets;
  } catch (error) {
    $('policy-hint').textContent = `Presets unavailable (${error.message}); a custom policy still works.`;
  }
  menu.replaceChildren(h('option', { value: '' }, 'none (report only)'),
    ...presets.map((p) => h('option', { value: p.name }, `preset: ${p.name}`)), h('option', { value: 'custom' }, 'custom (edit below)'));

  const preset = () => presets.find((p) => p.name === menu.value);
  const current = () => (menu.value === '' ? null : preset() ? { name: menu.value, source: editor.value } : { source: editor.value });

  function show() {
    $('policy-editor-box').hidden = menu.value === '';
    localStorage.setItem(storageKey, JSON.stringify({ choice: menu.value, source: editor.value }));
  }

  /** A preset's text that no longer is the preset's source is a custom policy. */
  function edited() {
    if (preset() && editor.value !== preset().source) menu.value = 'custom';
    show();
  }

  function choose(value, source) {
    menu.value = value;
    if (preset()) editor.value = preset().source;
    else if (source !== undefined) editor.value = source;
    show();
  }

  menu.addEventListener('change', () => choose(menu.value));
  $('policy-apply').addEventListener('click', () => apply());

  const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
  choose(saved && [...menu.options].some((o) => o.value === saved.choice) ? saved.choice : '', saved?.source ?? presets[0]?.source ?? '');
  $('policy-panel').open ||= menu.value !== '';

  return {
    current,
    use(source) {
      choose('custom', source);
      $('policy-panel').open = true;
      $('policy-panel').scrollIntoView({ block: 'start' });
    },
  };
}
