// A small code editor over a <textarea>: the textarea stays the model (forms, tests and
// assistive technology use it as is); a highlighted copy of its text is drawn underneath, a
// gutter shows line numbers and error markers. Keys: Tab/Shift+Tab indent, Enter keeps the
// indentation (one level more after then/do/function/{…), Ctrl/Cmd+Enter runs, Esc cancels
// (and a Tab right after Esc leaves the editor, so the keyboard is never trapped).

import { h } from './dom.js';
import { tokenize, matchBracket } from './lua-syntax.js';

const indentUnit = '  ';
const opensBlock = /(\b(then|do|else|repeat)|\bfunction\b.*\)|[({[])\s*(--.*)?$/;

const escapeHTML = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);

export class Editor {
  #lines = 0;
  #errors = new Map();   // line → message
  #escaped = false;      // the last key was Esc: the next Tab moves focus on

  /** `handlers`: { run(), cancel(), change() }. */
  constructor(textarea, handlers = {}) {
    this.textarea = textarea;
    this.handlers = handlers;
    this.highlight = h('pre', { class: 'highlight', 'aria-hidden': 'true' });
    this.band = h('div', { class: 'error-band', hidden: true });
    this.gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
    const code = h('div', { class: 'code' }, this.band, this.highlight);
    textarea.replaceWith(h('div', { class: 'editor' }, this.gutter, code));
    code.append(textarea);
    textarea.setAttribute('wrap', 'off');
    textarea.spellcheck = false;
    textarea.addEventListener('input', () => { this.refresh(); handlers.change?.(); });
    textarea.addEventListener('scroll', () => this.#syncScroll());
    textarea.addEventListener('keydown', (event) => this.#onKey(event));
    for (const type of ['click', 'keyup', 'select', 'focus']) textarea.addEventListener(type, () => this.#drawCode());
    this.refresh();
  }

  get value() { return this.textarea.value; }

  /** Replaces the whole text (an example, a shared link); clears error markers. */
  set value(text) {
    this.textarea.value = text;
    this.clearErrors();
    this.refresh();
  }

  /** Marks `line` (1-based) as failing with `message`: a gutter marker and a band behind the line. */
  markError(line, message) {
    this.#errors.set(line, message);
    this.#drawGutter(true);
    this.band.hidden = false;
    this.band.style.top = `calc(${line - 1} * var(--lh) + var(--pad))`;
    this.band.title = message;
  }

  clearErrors() {
    if (this.#errors.size === 0) return;
    this.#errors.clear();
    this.band.hidden = true;
    this.#drawGutter(true);
  }

  /** Puts the caret at the start of `line` and scrolls it into view. */
  goToLine(line) {
    const lines = this.value.split('\n');
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    this.textarea.focus();
    this.textarea.setSelectionRange(offset, offset + (lines[line - 1]?.length ?? 0));
    const lineHeight = parseFloat(getComputedStyle(this.textarea).lineHeight) || 20;
    this.textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
    this.#drawCode();
  }

  refresh() {
    this.#drawGutter(false);
    this.#drawCode();
  }

  #drawGutter(force) {
    const lines = this.value.split('\n').length;
    if (!force && lines === this.#lines) return;
    this.#lines = lines;
    const rows = [];
    for (let n = 1; n <= lines; n++) {
      const message = this.#errors.get(n);
      rows.push(message === undefined
        ? h('div', {}, n)
        : h('div', { class: 'marker', 'data-error-line': n, title: message }, h('span', { class: 'dot' }, '●'), n));
    }
    this.gutter.replaceChildren(h('div', { class: 'gutter-lines' }, rows));
    this.#syncScroll();
  }

  /** Highlighted text, with the bracket pair at the caret marked (or a lone bracket flagged). */
  #drawCode() {
    const text = this.value;
    const tokens = tokenize(text);
    const caret = this.textarea.selectionStart === this.textarea.selectionEnd ? this.textarea.selectionStart : -1;
    const match = document.activeElement === this.textarea && caret >= 0 ? matchBracket(tokens, text, caret) : null;
    let html = '';
    for (const t of tokens) {
      const piece = escapeHTML(text.slice(t.start, t.end));
      if (match && t.type === 'bracket' && match.includes(t.start)) {
        html += `<span class="${match[1] < 0 ? 'bracket-lone' : 'bracket-match'}">${piece}</span>`;
      } else {
        html += t.type === 'space' || t.type === 'operator' ? piece : `<span class="t-${t.type}">${piece}</span>`;
      }
    }
    this.highlight.innerHTML = html + '\n';  // a trailing newline keeps the last line's height
    this.#syncScroll();
  }

  #syncScroll() {
    const { scrollTop, scrollLeft } = this.textarea;
    this.highlight.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
    this.band.style.translate = `0 ${-scrollTop}px`;
    const lines = this.gutter.firstChild;
    if (lines) lines.style.transform = `translateY(${-scrollTop}px)`;
  }

  #onKey(event) {
    const escaped = this.#escaped;
    this.#escaped = event.key === 'Escape';
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.handlers.run?.();
    } else if (event.key === 'Escape') {
      this.handlers.cancel?.();
    } else if (event.key === 'Tab' && !escaped && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.#indent(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Enter' && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      this.#newline();
    }
  }

  /** Enter: the new line keeps the indentation, one level deeper after a block opener. */
  #newline() {
    const { value, selectionStart } = this.textarea;
    const lineStart = value.lastIndexOf('\n', selectionStart - 1) + 1;
    const before = value.slice(lineStart, selectionStart);
    const base = before.match(/^\s*/)[0];
    if (!opensBlock.test(before)) { this.#insert('\n' + base); return; }
    const closerFollows = /^\s*[)}\]]/.test(value.slice(selectionStart, value.indexOf('\n', selectionStart) >>> 0));
    this.#insert('\n' + base + indentUnit + (closerFollows ? '\n' + base : ''));
    if (closerFollows) {
      const caret = this.textarea.selectionStart - base.length - 1;
      this.textarea.setSelectionRange(caret, caret);
    }
  }

  /** Tab inserts an indent unit (or indents the selected lines); Shift+Tab dedents them. */
  #indent(direction) {
    const ta = this.textarea;
    const { value, selectionStart: start, selectionEnd: end } = ta;
    if (direction > 0 && !value.slice(start, end).includes('\n')) { this.#insert(indentUnit); return; }
    const first = value.lastIndexOf('\n', start - 1) + 1;
    const block = value.slice(first, end);
    const changed = block.split('\n').map((line) =>
      direction > 0 ? indentUnit + line : line.replace(new RegExp(`^ {1,${indentUnit.length}}|^\\t`), '')).join('\n');
    ta.setSelectionRange(first, end);
    this.#insert(changed);
    if (start === end) {  // a caret stays a caret, moved with its line's indentation
      const caret = Math.max(first, start + changed.length - block.length);
      ta.setSelectionRange(caret, caret);
    } else {
      ta.setSelectionRange(first, first + changed.length);
    }
  }

  /** Inserts text at the selection through the browser's editing so Undo still works. */
  #insert(text) {
    const ta = this.textarea;
    if (!document.execCommand?.('insertText', false, text)) {
      ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, 'end');
      ta.dispatchEvent(new Event('input'));
    }
  }
}
